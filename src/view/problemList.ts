/** Scenario problems as the notices write them: "field: problem; field: problem". */
import type { ScenarioProblem } from '../core/scenario';

export function problemList(problems: readonly ScenarioProblem[]): string {
  return problems.map((p) => `${p.field}: ${p.problem}`).join('; ');
}
