/** zeebe bindingType/versionTag of linked resources (called process, called decision, linked form). */
import type { BuildContext } from './context';
import { str, type ModdleElement } from './moddle';
import type { BindingType } from './types';

const BINDING_TYPES: BindingType[] = ['deployment', 'latest', 'versionTag'];

export function readBinding(ext: ModdleElement, field: string, ctx: BuildContext): { bindingType?: BindingType; versionTag?: string } {
  const raw = str(ext, 'bindingType') ?? 'latest';
  if (!(BINDING_TYPES as string[]).includes(raw)) {
    ctx.problems.add(field, `Attribute 'bindingType' must be one of: ${BINDING_TYPES.join(', ')}`);
    return {};
  }
  const bindingType = raw as BindingType;
  const versionTag = str(ext, 'versionTag') || undefined;
  if (bindingType === 'versionTag' && !versionTag) {
    ctx.problems.add(field, "Attribute 'versionTag' must be present and not empty when 'bindingType' is 'versionTag'");
  }
  return bindingType === 'versionTag' && versionTag ? { bindingType, versionTag } : { bindingType };
}
