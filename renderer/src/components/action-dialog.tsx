import { useEffect, useRef, useState } from 'react';
import type { ActionResult } from '../../../core/api/contract.ts';
import { refusalHeadline, runAction } from '../actions/action-plan.ts';
import { useServices, useUi } from '../app-context.tsx';
import type { AuditFocus } from '../state/ui-store.ts';
import { CurrentState } from './current-state.tsx';
import { KeyValues } from './key-values.tsx';

type Phase =
  | { at: 'confirm' }
  | { at: 'running' }
  | { at: 'done'; result: ActionResult }
  | { at: 'failed'; message: string };

/**
 * The one confirmation dialog: the record as it is now, the effect in words, a reason where the
 * action is forceful, then the outcome (done, or refused with the current state) and a link to
 * the audit entry. The dialog stays until closed, so the outcome is never missed.
 */
export function ActionDialog() {
  const { client, monitor, ui } = useServices();
  const plan = useUi((s) => s.action);
  const ref = useRef<HTMLDialogElement>(null);
  const [text, setText] = useState('');
  const [phase, setPhase] = useState<Phase>({ at: 'confirm' });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (plan && !dialog.open) {
      setText('');
      setPhase({ at: 'confirm' });
      dialog.showModal();
    } else if (!plan && dialog.open) {
      dialog.close();
    }
  }, [plan]);

  if (!plan) return <dialog ref={ref} className="dialog" aria-label="Action" />;

  const required = plan.text?.required ?? false;
  const canConfirm = phase.at === 'confirm' && (!required || text.trim().length > 0);

  async function confirm() {
    if (!plan || !canConfirm) return;
    setPhase({ at: 'running' });
    const input = { ...plan.input };
    if (plan.text && text.trim()) input[plan.text.field] = text.trim();
    try {
      const result = await runAction(client, plan.request, input);
      const changes = result.ok ? plan.onOk?.(result) : plan.onRefused?.(result);
      if (changes && changes.length > 0) monitor.getState().applyLocal(changes);
      setPhase({ at: 'done', result });
    } catch (error) {
      setPhase({ at: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  }

  const close = () => ui.getState().closeAction();

  return (
    <dialog
      ref={ref}
      className={`dialog${plan.danger ? ' danger' : ''}`}
      aria-labelledby="action-title"
      onCancel={(event) => {
        // Esc closes, except while the request is in flight (its outcome must be seen).
        if (phase.at === 'running') event.preventDefault();
        else close();
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (phase.at === 'confirm') void confirm();
          else close();
        }}
      >
        <h2 id="action-title">{plan.title}</h2>
        <section aria-label="As it is now">
          <h3>As it is now</h3>
          <KeyValues rows={plan.facts} />
        </section>
        <p className="effect">{plan.effect}</p>
        {plan.text && phase.at !== 'done' ? (
          <label className="field">
            <span>{plan.text.label}</span>
            <textarea
              value={text}
              autoFocus
              rows={2}
              required={required}
              placeholder={plan.text.placeholder}
              disabled={phase.at !== 'confirm'}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
                  e.preventDefault();
                  void confirm();
                }
              }}
            />
          </label>
        ) : null}
        <Outcome phase={phase} onAudit={(entry) => ui.getState().showAudit(entry)} close={close} />
        <div className="dialog-buttons">
          {phase.at === 'confirm' || phase.at === 'running' ? (
            <>
              <button type="button" onClick={close} disabled={phase.at === 'running'}>
                Cancel
              </button>
              <button
                type="submit"
                className={plan.danger ? 'danger' : 'primary'}
                disabled={!canConfirm}
                autoFocus={!plan.text}
                data-testid="confirm-action"
              >
                {phase.at === 'running' ? 'Working…' : plan.confirmLabel}
              </button>
            </>
          ) : (
            <button type="submit" className="primary" autoFocus>
              Close
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}

function Outcome({
  phase,
  onAudit,
  close,
}: {
  phase: Phase;
  onAudit(entry: AuditFocus): void;
  close(): void;
}) {
  if (phase.at === 'failed') {
    return (
      <div className="outcome tone-bad" role="alert">
        <strong>Failed.</strong> {phase.message}
      </div>
    );
  }
  if (phase.at !== 'done') return null;
  const { result } = phase;
  const audit = result.audit;
  const auditLink = audit ? (
    <button
      type="button"
      className="link"
      onClick={() => {
        close();
        onAudit({ ts_ms: audit.ts_ms, action: audit.action, target: audit.target });
      }}
    >
      View audit entry
    </button>
  ) : null;
  if (result.ok) {
    return (
      <div className="outcome tone-ok" role="status" data-testid="action-outcome" data-outcome="ok">
        <strong>Done.</strong> {result.message} {auditLink}
      </div>
    );
  }
  return (
    <div
      className="outcome tone-bad"
      role="alert"
      data-testid="action-outcome"
      data-outcome={result.code}
    >
      <strong>{refusalHeadline(result.code)}.</strong> {result.message}
      {result.current !== undefined ? (
        <div className="outcome-current">
          <h3>Now</h3>
          <CurrentState value={result.current} />
        </div>
      ) : null}
      {auditLink}
    </div>
  );
}
