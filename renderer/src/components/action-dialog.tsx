import { useEffect, useRef, useState } from 'react';
import {
  missingInput,
  refusalHeadline,
  runAction,
  type ActionPlan,
  type Facts,
} from '../actions/action-plan.ts';
import { useMonitor, useNow, useServices, useUi } from '../app-context.tsx';
import { localizeInstants } from '../format/duration.ts';
import type { AuditFocus } from '../state/ui-store.ts';
import { confirmBlockedReason, phaseOnConnection, type Phase } from './action-phase.ts';
import { CurrentState } from './current-state.tsx';
import { focusedElement, restoreFocus } from './dialog-focus.ts';
import { KeyValues } from './key-values.tsx';

/**
 * The one confirmation dialog: the record as it is now (following the live store until the
 * operator confirms, and refusing to confirm once it changed materially), the effect in words, a
 * reason where the action is forceful, then the outcome (done, or refused with the current
 * state) beside the record as it was before, and a link to the audit entry. The dialog stays
 * until closed, so the outcome is never missed.
 */
export function ActionDialog() {
  const { client, monitor, ui } = useServices();
  const plan = useUi((s) => s.action);
  // Only while a dialog is open: a closed one need not re-render with every delta.
  const entities = useMonitor((s) => (plan ? s.entities : undefined));
  const connection = useMonitor((s) => s.connection);
  const blocked = useMonitor((s) => confirmBlockedReason(s));
  const now = useNow(1000);
  const ref = useRef<HTMLDialogElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  /** What had focus when the dialog opened (null: nothing); undefined while it is closed. */
  const invoker = useRef<HTMLElement | null | undefined>(undefined);
  /** The plan last open: its returnFocus is asked once it has closed. */
  const opened = useRef<ActionPlan | undefined>(undefined);
  /** Bumped when a request's reply no longer matters (its link dropped), so a late one is ignored. */
  const run = useRef(0);
  const [text, setText] = useState('');
  const [phase, setPhase] = useState<Phase>({ at: 'confirm' });
  /** The record when the operator confirmed: shown as "Before" once the action ran. */
  const [before, setBefore] = useState<Facts>([]);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (plan && !dialog.open) {
      setText('');
      setPhase({ at: 'confirm' });
      invoker.current = focusedElement();
      opened.current = plan;
      dialog.showModal();
    } else if (!plan && invoker.current !== undefined) {
      // Esc has the browser close the dialog itself, so it may be closed already here.
      if (dialog.open) dialog.close();
      const back = invoker.current;
      const usable = back?.isConnected && !back.matches(':disabled');
      const planned = usable ? undefined : opened.current?.returnFocus?.();
      restoreFocus(planned?.isConnected ? planned : back);
      invoker.current = undefined;
      opened.current = undefined;
    }
  }, [plan]);

  // A link that drops (or is replaced) while a request is in flight loses its reply: say so at
  // once (Close then works) rather than wait out the carrier's timeout.
  useEffect(() => {
    if (phase.at !== 'running') return;
    return monitor.subscribe((s) => {
      const next = phaseOnConnection(phase, s.connection);
      if (next === phase) return;
      run.current += 1;
      setPhase(next);
    });
  }, [phase, monitor]);

  // The outcome's Close button takes focus, so Enter or Esc ends the dialog from the keyboard.
  useEffect(() => {
    if (phase.at === 'done' || phase.at === 'failed') closeRef.current?.focus();
  }, [phase.at]);

  if (!plan || !entities) return <dialog ref={ref} className="dialog" aria-label="Action" />;

  const live = phase.at === 'confirm' ? plan.follow?.(entities, now, 'now') : undefined;
  const changed = live?.changed;
  const required = plan.text?.required ?? false;
  const missing = missingInput(plan, text);
  const canConfirm =
    phase.at === 'confirm' &&
    !changed &&
    missing === undefined &&
    blocked === undefined &&
    connection.state === 'open' &&
    (!required || text.trim().length > 0);

  async function confirm() {
    if (!plan || !canConfirm || connection.state !== 'open') return;
    const state = monitor.getState();
    setBefore(plan.follow?.(state.entities, now, 'before').facts ?? plan.facts);
    setPhase({ at: 'running', generation: connection.generation });
    const mine = ++run.current;
    const input = { ...plan.input };
    if (plan.text && text.trim()) input[plan.text.field] = text.trim();
    try {
      const result = await runAction(client, plan.request, input);
      if (mine !== run.current) return;
      const entitiesNow = monitor.getState().entities;
      const changes = result.ok ? plan.onOk?.(result, entitiesNow) : plan.onRefused?.(result);
      if (changes && changes.length > 0) monitor.getState().applyLocal(changes);
      setPhase({ at: 'done', result });
    } catch (error) {
      if (mine !== run.current) return;
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
        {phase.at === 'confirm' ? (
          <section aria-label="As it is now">
            <h3>As it is now</h3>
            <KeyValues rows={live?.facts ?? plan.facts} />
          </section>
        ) : (
          // Once the action ran, this is history: the outcome below says what is true now.
          <section aria-label="Before">
            <h3>Before</h3>
            <KeyValues rows={before} />
          </section>
        )}
        {changed ? (
          <div className="outcome tone-warn" role="alert" data-testid="subject-changed">
            <strong>Changed since you opened this:</strong> {changed}. Close and open it again to
            act on it as it is now.
          </div>
        ) : null}
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
        {phase.at === 'confirm' && missing !== undefined && !plan.text ? (
          // A typed field says it is required itself; a plan with nothing to type must say why.
          <p className="dim" role="status" data-testid="confirm-missing">
            {missing}
          </p>
        ) : null}
        {phase.at === 'confirm' && blocked !== undefined ? (
          <p className="dim" role="status" data-testid="confirm-blocked">
            {blocked}
          </p>
        ) : null}
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
            <button type="submit" className="primary" ref={closeRef} autoFocus>
              Close
            </button>
          )}
        </div>
      </form>
    </dialog>
  );
}

/** What came of the action: done, refused (with the subject as it is now) or failed. */
export function Outcome({
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
        <strong>Done.</strong> {localizeInstants(result.message)} {auditLink}
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
      {/* The engine names instants in UTC; the screen shows local time everywhere else. */}
      <strong>{refusalHeadline(result.code)}.</strong> {localizeInstants(result.message)}
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
