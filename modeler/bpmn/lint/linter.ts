/**
 * bpmnlint with Camunda 8.8's compatibility rules, resolved statically: the rules are imported by
 * rules.generated.ts (see generate-rules.cjs), so the bundle needs no bpmnlint loader.
 */
import Linter from 'bpmnlint/lib/linter';
import StaticResolver from 'bpmnlint/lib/resolver/static-resolver';
import { cache, configName } from './rules.generated';

export interface LintProblem {
  /** The element the rule reports; the process id for process-wide problems. */
  id: string;
  message: string;
  category: 'error' | 'warn' | 'info' | 'rule-error';
  rule: string;
}

const linter = new Linter({ config: { extends: configName }, resolver: new StaticResolver(cache) });

type Reports = Record<string, { id?: string; message: string; category: LintProblem['category'] }[]>;

export async function lint(definitions: unknown): Promise<LintProblem[]> {
  const reports = (await linter.lint(definitions)) as Reports;
  return Object.entries(reports).flatMap(([rule, list]) =>
    list.map((r) => ({ id: r.id ?? '', message: r.message, category: r.category, rule: rule.replace(/^camunda-compat\//, '') })));
}
