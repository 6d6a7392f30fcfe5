/**
 * Messages the user must see: a GPU device lost (and where the app went), a link that did not validate,
 * scenario problems that keep the last good run on screen, and a crashed engine.
 */
import { actions } from '../actions';
import { useApp } from '../store';
import { SavedNotices } from './storage/SavedPanel';
import { UpdateNotice } from '../offline/UpdateNotice';
import { problemList } from '../../view/problemList';

export function Notices() {
  const notice = useApp((s) => s.backend.notice);
  const linkProblems = useApp((s) => s.linkProblems);
  const problems = useApp((s) => s.problems);
  const crash = useApp((s) => s.engineCrash);
  return (
    <div className="notices" aria-live="polite">
      {crash && (
        <div className="notice notice--error" role="alert">
          The sampling engine stopped: {crash}. Reload the page to start it again.
        </div>
      )}
      {notice && (
        <div className="notice notice--warn" role="status" data-testid="backend-notice">
          {notice}
          <button type="button" className="notice__close" onClick={actions.dismissNotice} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      <UpdateNotice />
      <SavedNotices />
      {linkProblems.length > 0 && (
        <div className="notice notice--warn" role="status" data-testid="link-problems">
          The link's scenario was not valid; the fields named here fall back to their defaults (or, where that was not
          enough, the default scenario is shown):{' '}
          {problemList(linkProblems)}.
          <button type="button" className="notice__close" onClick={actions.dismissLinkProblems} aria-label="Dismiss the link's problems">
            ×
          </button>
        </div>
      )}
      {problems.length > 0 && (
        <div className="notice notice--error" role="alert" data-testid="scenario-problems">
          Not run — {problemList(problems)}. The last good run stays on screen.
        </div>
      )}
    </div>
  );
}
