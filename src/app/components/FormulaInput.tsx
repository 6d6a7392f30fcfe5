/**
 * The formula box: checked as the user types (the error's position updates at each keystroke). A formula is sent
 * to the scenario (and re-runs) only when typing pauses for COMMIT_PAUSE_MS, on Enter or when the box loses focus,
 * and only if it parses — so a valid prefix typed on the way (`x` of `x +* 2`) never runs. One that does not parse
 * shows where it fails, and the last good run stays on screen untouched.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { actions } from '../actions';
import { checkFormula } from '../runControl';
import type { FormulaCheckResult } from '../runControl';
import { useApp } from '../store';

/** How long typing must pause before the formula runs. */
export const COMMIT_PAUSE_MS = 400;

/** Makes `expr` the reward when it parses and differs from the stored one. */
function commitFormula(expr: string): Promise<FormulaCheckResult> {
  return checkFormula(expr).then((result) => {
    const reward = useApp.getState().scenario.reward;
    if (result.ok && !(reward.kind === 'formula' && reward.expr === expr)) actions.updateScenario((s) => ({ ...s, reward: { kind: 'formula', expr } }));
    return result;
  });
}

export function FormulaInput(props: { expr: string }) {
  const id = useId();
  const [text, setText] = useState(props.expr);
  const [problem, setProblem] = useState<Extract<FormulaCheckResult, { ok: false }> | null>(null);
  const latest = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // True while typed text waits for its pause (or Enter) to be sent to the scenario.
  const [pending, setPending] = useState(false);

  const cancelTimer = () => {
    if (timer.current !== null) clearTimeout(timer.current);
    timer.current = null;
  };
  // A pending formula is dropped when the box goes away (another reward kind was chosen meanwhile).
  useEffect(() => cancelTimer, []);

  // A new formula from outside (a preset, a link) replaces the text unless the user is mid-edit on it. Adjusted
  // while rendering, when the stored formula changes (React's pattern for state that follows a prop).
  const [storedExpr, setStoredExpr] = useState(props.expr);
  if (props.expr !== storedExpr) {
    setStoredExpr(props.expr);
    if (!problem && !pending) setText(props.expr);
  }

  /** Sends `value` to the scenario now, if it is still the latest text. */
  const commit = (value: string, ticket: number) => {
    cancelTimer();
    void commitFormula(value).then((result) => {
      if (ticket !== latest.current) return;
      setPending(false);
      setProblem(result.ok ? null : result);
    });
  };

  const onChange = (value: string) => {
    setText(value);
    setPending(true);
    const ticket = ++latest.current;
    // The live check: only the error display follows each keystroke.
    void checkFormula(value).then((result) => {
      if (ticket !== latest.current) return; // an older check finished after a newer one
      setProblem(result.ok ? null : result);
    });
    cancelTimer();
    timer.current = setTimeout(() => commit(value, ticket), COMMIT_PAUSE_MS);
  };

  const flush = () => {
    if (pending) commit(text, latest.current);
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
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            flush();
          }
        }}
        onBlur={flush}
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
