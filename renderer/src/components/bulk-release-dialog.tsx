import { useEffect, useRef, useState } from 'react';
import type { ActionResult } from '../../../core/api/contract.ts';
import type { Change } from '../../../core/api/views.ts';
import { useMonitor, useNow, useServices, useUi } from '../app-context.tsx';
import { formatClock, formatCount, formatTimestamp } from '../format/duration.ts';
import { leaseHolder } from '../state/selectors.ts';
import {
  previewChanges,
  refusalText,
  shortToken,
  skippedResult,
  type RowResult,
} from './bulk-release-result.ts';
import { focusedElement, restoreFocus } from './dialog-focus.ts';
import { PathText } from './path-text.tsx';

/**
 * Release a previewed set of stale leases: the exact set is listed (resource, holder, token,
 * expiry) before anything runs; each release carries its own expected token, so a lease that
 * was renewed or re-taken in the meantime is refused on its own, and the summary says which.
 */
export function BulkReleaseDialog() {
  const { client, monitor, ui, ticker } = useServices();
  const leases = useUi((s) => s.bulkRelease);
  // Only while the preview is open: a closed one need not re-render with every delta.
  const leasesNow = useMonitor((s) => (leases ? s.entities.lease : undefined));
  const now = useNow(1000);
  const ref = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState('');
  const [results, setResults] = useState<ReadonlyMap<string, RowResult>>(new Map());
  const [running, setRunning] = useState(false);
  /** What had focus when the dialog opened (null: nothing); undefined while it is closed. */
  const invoker = useRef<HTMLElement | null | undefined>(undefined);
  const closeRef = useRef<HTMLButtonElement>(null);
  const done = results.size === (leases?.length ?? -1);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (leases && !dialog.open) {
      setReason('');
      setResults(new Map());
      setRunning(false);
      invoker.current = focusedElement();
      dialog.showModal();
    } else if (!leases && invoker.current !== undefined) {
      // Esc has the browser close the dialog itself, so it may be closed already here.
      if (dialog.open) dialog.close();
      restoreFocus(invoker.current);
      invoker.current = undefined;
    }
  }, [leases]);

  // The summary's Close button takes focus once all ran (the Release button it replaces had it).
  useEffect(() => {
    if (done) closeRef.current?.focus();
  }, [done]);

  if (!leases || !leasesNow)
    return <dialog ref={ref} className="dialog" aria-label="Bulk release" />;
  const close = () => ui.getState().closeBulkRelease();
  // The preview follows the store until it runs; from then on each row shows its own outcome
  // (a released lease leaving the store is the result, not a change).
  const changes: ReadonlyMap<string, string> =
    !running && results.size === 0 ? previewChanges(leases, leasesNow, now) : new Map();
  const sendable = leases.length - changes.size;

  async function run() {
    if (!leases) return;
    // Decided again at the instant of confirming, from the store itself, not the last render.
    const changedNow = previewChanges(leases, monitor.getState().entities.lease, ticker.now());
    setRunning(true);
    const out = new Map<string, RowResult>();
    for (const [key, why] of changedNow) out.set(key, skippedResult(why));
    setResults(new Map(out));
    for (const lease of leases) {
      if (out.has(lease.key)) continue;
      let result: RowResult;
      try {
        const r: ActionResult = await client.releaseLease({
          resource_path: lease.resource_path,
          ...(lease.record ? { expected_token: lease.record.token } : {}),
          force: false,
          ...(reason.trim() ? { reason: reason.trim() } : {}),
        });
        result = r.ok
          ? { ok: true }
          : { ok: false, code: r.code, message: r.message, text: refusalText(r) };
        // Only the lease released: one re-taken at once under the same key is real and stays.
        const shown = monitor.getState().entities.lease.get(lease.key);
        const changes: Change[] =
          r.ok && shown?.record?.token === lease.record?.token
            ? [{ op: 'remove', entity: 'lease', key: lease.key }]
            : [];
        if (changes.length) monitor.getState().applyLocal(changes);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        result = { ok: false, code: 'error', message, text: `error: ${message}` };
      }
      out.set(lease.key, result);
      setResults(new Map(out));
    }
    setRunning(false);
  }

  const released = [...results.values()].filter((r) => r.ok).length;
  const skipped = [...results.values()].filter((r) => !r.ok && r.code === 'skipped').length;
  const refused = [...results.values()].filter(
    (r) => !r.ok && r.code !== 'error' && r.code !== 'skipped',
  ).length;
  const failed = [...results.values()].filter((r) => !r.ok && r.code === 'error').length;

  return (
    <dialog
      ref={ref}
      className="dialog wide"
      aria-labelledby="bulk-title"
      onCancel={(e) => {
        if (running) e.preventDefault();
        else close();
      }}
    >
      <h2 id="bulk-title">
        Release {formatCount(leases.length)} stale {leases.length === 1 ? 'lease' : 'leases'}
      </h2>
      <p className="effect">
        Each lease below is removed only if it still holds the token shown; a lease renewed or taken
        by someone else since is refused and left alone. Each holder is told by a message.
      </p>
      <div className="bulk-list" role="table" aria-label="Leases to release">
        <div className="bulk-row head" role="row">
          <span role="columnheader">Resource</span>
          <span role="columnheader">Holder</span>
          <span role="columnheader">Token</span>
          <span role="columnheader">Expired</span>
          <span role="columnheader">Result</span>
        </div>
        {leases.map((lease) => {
          const r = results.get(lease.key);
          const change = changes.get(lease.key);
          return (
            <div className="bulk-row" role="row" key={lease.key}>
              <span role="cell">
                <PathText path={lease.resource_path} widthPx={260} />
              </span>
              <span role="cell">{leaseHolder(lease) || '—'}</span>
              <span role="cell" className="mono" title={lease.record?.token}>
                {lease.record ? shortToken(lease.record.token) : '—'}
              </span>
              <span
                role="cell"
                title={lease.record ? formatTimestamp(lease.record.expires_at_ms) : undefined}
              >
                {lease.record ? formatClock(lease.record.expires_at_ms) : '—'}
              </span>
              <span
                role="cell"
                className={
                  r
                    ? r.ok
                      ? 'tone-text-ok'
                      : r.code === 'skipped'
                        ? 'tone-text-warn'
                        : 'tone-text-bad'
                    : change
                      ? 'tone-text-warn'
                      : 'dim'
                }
                title={r && !r.ok ? r.message : undefined}
                data-testid={change ? 'bulk-row-changed' : undefined}
              >
                {r
                  ? r.ok
                    ? 'released'
                    : r.text
                  : change
                    ? `changed since the preview: ${change}; not sent`
                    : running
                      ? 'waiting'
                      : '—'}
              </span>
            </div>
          );
        })}
      </div>
      {changes.size > 0 ? (
        <div className="outcome tone-warn" role="alert" data-testid="bulk-changed">
          <strong>Changed since the preview:</strong> {formatCount(changes.size)}{' '}
          {changes.size === 1 ? 'lease is' : 'leases are'} left out of this release. Close and open
          the preview again to see {changes.size === 1 ? 'it' : 'them'} as they are now.
        </div>
      ) : null}
      {!done ? (
        <label className="field">
          <span>Reason (optional, recorded in the audit and told to each holder)</span>
          <input
            value={reason}
            disabled={running}
            onChange={(e) => setReason(e.target.value)}
            placeholder="e.g. clearing locks left by crashed agents"
          />
        </label>
      ) : (
        <div
          className={`outcome ${refused + failed ? 'tone-warn' : 'tone-ok'}`}
          role="status"
          data-testid="bulk-summary"
        >
          <strong>{formatCount(released)} released</strong>, {formatCount(refused)} refused,{' '}
          {formatCount(failed)} failed
          {skipped > 0 ? `, ${formatCount(skipped)} not sent (changed since the preview)` : ''}.
          {released > 0 ? (
            <button
              type="button"
              className="link"
              onClick={() => {
                close();
                ui.getState().setView('audit');
              }}
            >
              View in audit
            </button>
          ) : null}
        </div>
      )}
      <div className="dialog-buttons">
        {!done ? (
          <>
            <button type="button" onClick={close} disabled={running}>
              Cancel
            </button>
            <button
              type="button"
              className="primary"
              onClick={() => void run()}
              disabled={running || sendable === 0}
              autoFocus
            >
              {running
                ? `Releasing… ${results.size}/${leases.length}`
                : `Release ${formatCount(sendable)}`}
            </button>
          </>
        ) : (
          <button type="button" className="primary" onClick={close} ref={closeRef} autoFocus>
            Close
          </button>
        )}
      </div>
    </dialog>
  );
}
