/**
 * @camunda/linting, as in Camunda Modeler: bpmnlint with the Camunda 8 compatibility rules of the
 * file's execution platform version (8.8 when the file names none) and the modeler's readable
 * messages ("A <Service Task> must have a defined <Task definition type>").
 */
import { Linter } from '@camunda/linting';
import Resolver from '@camunda/linting/lib/Resolver';
import { resolver as rulesResolver } from '@camunda/linting/lib/compiled-config';
import StaticResolver from 'bpmnlint/lib/resolver/static-resolver';
import correctness from 'bpmnlint/config/correctness';
import { configs } from 'bpmnlint-plugin-camunda-compat';

export interface LintProblem {
  /** The element the rule reports; the process id for process-wide problems. */
  id: string;
  message: string;
  category: 'error' | 'warn' | 'info' | 'rule-error';
  rule: string;
  /** The properties panel entries that fix it, as @camunda/linting names them. */
  entryIds?: string[];
}

export const EXECUTION_PLATFORM = 'Camunda Cloud';
export const EXECUTION_PLATFORM_VERSION = '8.8.0';

/**
 * The library loads the compatibility configs with `await import()` of a CommonJS package, which a
 * code-split ESM bundle hands over as `{ default }` only: the same resolver, from a static import.
 */
class BundledLinter extends (Linter as new (o: object) => {
  _modeler: string;
  _plugins: { resolver?: unknown }[];
  lint(definitions: unknown): Promise<Report[]>;
}) {
  async _createResolver(configName: string): Promise<unknown> {
    const config = (configs as Record<string, { rules: Record<string, unknown> }>)[configName] ?? { rules: {} };
    const rules = Object.fromEntries(
      Object.entries(config.rules).map(([name, rule]) => {
        const [type, options] = Array.isArray(rule) ? [rule[0], rule[1] ?? {}] : [rule, {}];
        return [name, [type, { ...(options as object), modeler: this._modeler }]];
      }),
    );
    return new Resolver([
      new StaticResolver({
        [`config:bpmnlint-plugin-camunda-compat/${configName}`]: { ...config, rules },
        'config:bpmnlint/correctness': correctness,
      }),
      rulesResolver,
      ...this._plugins.map((p) => p.resolver ?? new StaticResolver({})),
    ]);
  }
}

const linter = new BundledLinter({ modeler: 'web', type: 'cloud' });

interface Report {
  id?: string;
  message: string;
  category: LintProblem['category'];
  rule: string;
  propertiesPanel?: { entryIds?: string[] };
}

export async function lint(definitions: unknown): Promise<LintProblem[]> {
  const reports = await linter.lint(definitions);
  return reports.map((r) => ({
    id: r.id ?? '',
    message: r.message,
    category: r.category,
    rule: r.rule.replace(/^bpmnlint-plugin-camunda-compat\/|^camunda-compat\//, ''),
    entryIds: r.propertiesPanel?.entryIds,
  }));
}
