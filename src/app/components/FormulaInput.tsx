/**
 * The formula box: checked as the user types. A formula that parses becomes the reward (and re-runs); one
 * that does not shows where it fails, and the last good run stays on screen untouched.
 */
import { useId, useRef, useState } from 'react';
import { actions } from '../actions';
import { checkFormula } from '../runControl';
import type { FormulaCheckResult } from '../runControl';

export function FormulaInput(props: { expr: string }) {
  const id = useId();
  const [text, setText] = useState(props.expr);
  const [problem, setProblem] = useState<Extract<FormulaCheckResult, { ok: false }> | null>(null);
  const latest = useRef(0);

  // A new formula from outside (a preset, a link) replaces the text unless the user is mid-edit on it. Adjusted
  // while rendering, when the stored formula changes (React's pattern for state that follows a prop).
  const [storedExpr, setStoredExpr] = useState(props.expr);
  if (props.expr !== storedExpr) {
    setStoredExpr(props.expr);
    if (!problem) setText(props.expr);
  }

  const onChange = (value: string) => {
    setText(value);
    const ticket = ++latest.current;
    void checkFormula(value).then((result) => {
      if (ticket !== latest.current) return; // an older check finished after a newer one
      if (result.ok) {
        setProblem(null);
        if (value !== props.expr) actions.updateScenario((s) => ({ ...s, reward: { kind: 'formula', expr: value } }));
      } else setProblem(result);
    });
  };

  return (
    <div className={`field${problem ? ' field--error' : ''}`}>
      <label htmlFor={id} className="field__label">
        r(x, y) =
      </label>
      <input
        id={id}
        type="text"
        className="formula-input"
        spellCheck={false}
        autoComplete="off"
        value={text}
        aria-invalid={problem !== null}
        aria-describedby={`${id}-help`}
        data-testid="formula-input"
        onChange={(e) => onChange(e.target.value)}
      />
      {problem ? (
        <div className="field__error formula-error" role="alert" id={`${id}-help`} data-testid="formula-error">
          <pre aria-hidden="true">
            {text}
            {'\n'}
            {' '.repeat(Math.max(0, problem.position - 1))}^
          </pre>
          <span>
            Column {problem.position}: {problem.message}. The last good run stays on screen.
          </span>
        </div>
      ) : (
        <div className="field__hint" id={`${id}-help`}>
          x, y, pi, e; + − * / ^; sin cos tan atan exp log sqrt abs tanh sigmoid softplus, pow atan2 min max.
        </div>
      )}
    </div>
  );
}
