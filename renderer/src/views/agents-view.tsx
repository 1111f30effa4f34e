import { useMemo, type Ref } from 'react';
import type { AgentView } from '../../../core/api/views.ts';
import { markAgentGonePlan } from '../actions/plans.tsx';
import { useMonitor, useNow, useServices } from '../app-context.tsx';
import { useLastKnown } from '../components/use-last-known.ts';
import { DetailPane, Section } from '../components/detail-pane.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { KeyValues } from '../components/key-values.tsx';
import { ListViewFrame } from '../components/list-view-frame.tsx';
import { MissingDetail } from '../components/missing-detail.tsx';
import { PathText } from '../components/path-text.tsx';
import { Ago, Countdown } from '../components/relative-time.tsx';
import { RevealLink } from '../components/reveal-link.tsx';
import { StatusPill } from '../components/status-pill.tsx';
import { useDetailFocus } from '../components/use-detail-focus.ts';
import { useRequest, useThrottled } from '../components/use-request.ts';
import { VirtualTable, type Column } from '../components/virtual-table.tsx';
import { formatAbsolute, formatClock, formatCount, formatTimestamp } from '../format/duration.ts';
import { agentDisplay } from '../state/display-state.ts';
import { memoLast, sortAgents } from '../state/selectors.ts';
import { AgentActions } from './agent-actions.tsx';

const sorted = memoLast((agents: ReadonlyMap<string, AgentView>) => sortAgents(agents.values()));

function LivenessPill({ agent }: { agent: AgentView }) {
  const now = useNow(1000);
  return <StatusPill state={agentDisplay(agent, now)} title={agent.problem} />;
}

const COLUMNS: readonly Column<AgentView>[] = [
  {
    id: 'agent',
    header: 'Agent',
    width: { flex: 1, min: 160 },
    render: (a) => (
      <span title={a.name !== a.id ? `${a.id} (${a.name})` : a.id}>
        <span className="mono">{a.id}</span>
        {a.name && a.name !== a.id ? <span className="dim"> · {a.name}</span> : null}
      </span>
    ),
  },
  {
    id: 'liveness',
    header: 'Liveness',
    width: 110,
    essential: true,
    render: (a) => <LivenessPill agent={a} />,
  },
  { id: 'seen', header: 'Last seen', width: 120, render: (a) => <Ago sinceMs={a.last_seen_ms} /> },
  {
    id: 'leases',
    header: 'Leases',
    width: 70,
    align: 'right',
    render: (a) =>
      a.held_leases.length ? String(a.held_leases.length) : <span className="dim">0</span>,
  },
  {
    id: 'run',
    header: 'Current run',
    width: 130,
    render: (a) =>
      a.current_run ? (
        <span className="mono">{a.current_run}</span>
      ) : (
        <span className="dim">—</span>
      ),
  },
  {
    id: 'task',
    header: 'Task',
    width: { flex: 1, min: 120 },
    dropOrder: 1,
    render: (a) =>
      a.current_task ? (
        <span title={a.current_task}>{a.current_task}</span>
      ) : (
        <span className="dim">—</span>
      ),
  },
  {
    id: 'host',
    header: 'Process',
    width: 150,
    dropOrder: 2,
    render: (a) =>
      a.pid !== undefined ? (
        <span className="mono" title={`${a.pid}@${a.host ?? ''}`}>
          {a.pid}
          {a.host ? `@${a.host}` : ''}
        </span>
      ) : (
        <span className="dim">—</span>
      ),
  },
  {
    id: 'edits',
    header: 'Edits',
    width: 64,
    dropOrder: 3,
    align: 'right',
    render: (a) => String(a.edit_count ?? 0),
  },
];

export function AgentsView() {
  const agents = useMonitor((s) => s.entities.agent);
  const rows = sorted(agents);
  const { selected, open, detailRef, listRef, onClose, table } = useDetailFocus('agents');
  return (
    <ListViewFrame
      title="Agents"
      count={formatCount(rows.length)}
      listRef={listRef}
      detail={
        open && selected ? (
          <AgentDetail agentKey={selected} ref={detailRef} onClose={onClose} />
        ) : null
      }
    >
      <VirtualTable
        label="Agents"
        columns={COLUMNS}
        rows={rows}
        rowKey={(a) => a.key}
        {...table}
        rowClass={(a) => (a.liveness === 'gone' ? 'muted-row' : undefined)}
        empty={
          <EmptyState
            title="No agent has checked in."
            command="baton agent heartbeat builder-1 --name builder"
          >
            An agent appears here when it writes its first heartbeat, for example:
          </EmptyState>
        }
      />
    </ListViewFrame>
  );
}

function AgentDetail({
  agentKey,
  onClose,
  ref,
}: {
  agentKey: string;
  onClose(): void;
  ref: Ref<HTMLElement>;
}) {
  const { client, ui } = useServices();
  const agent = useMonitor((s) => s.entities.agent.get(agentKey));
  const leasesByPath = useMonitor((s) => s.entities.lease);
  const shown = useLastKnown(agent);
  const refresh = useThrottled(agent, 2000);
  const detail = useRequest(
    () => client.agentDetail({ agent_id: shown?.id ?? agentKey, limit: 100 }),
    [shown?.id ?? agentKey],
    refresh,
  );
  const now = useNow(1000);
  const leaseKeyByPath = useMemo(() => {
    const m = new Map<string, string>();
    for (const l of leasesByPath.values()) m.set(l.resource_path, l.key);
    return m;
  }, [leasesByPath]);
  if (!shown) return <MissingDetail noun="Agent" ref={ref} onClose={onClose} />;
  const display = agentDisplay(shown, now);
  return (
    <DetailPane
      ref={ref}
      onClose={onClose}
      title={<span className="mono">{shown.id}</span>}
      actions={
        <>
          <StatusPill state={agent ? display : { tone: 'muted', word: 'removed' }} />
          {agent ? (
            <AgentActions
              agent={agent}
              onMarkGone={() => ui.getState().openAction(markAgentGonePlan(agent))}
            />
          ) : null}
        </>
      }
    >
      <KeyValues
        rows={[
          ['Name', shown.name],
          [
            'Last seen',
            <>
              <Ago sinceMs={shown.last_seen_ms} prefix="" />
              <div className="dim small">
                {shown.last_seen_ms ? formatTimestamp(shown.last_seen_ms) : ''}
              </div>
            </>,
          ],
          shown.last_seen_ms !== undefined &&
          shown.timeout_ms !== undefined &&
          shown.liveness === 'active'
            ? [
                'Presumed crashed',
                <Countdown
                  targetMs={shown.last_seen_ms + shown.timeout_ms}
                  future="in"
                  past="since"
                />,
              ]
            : null,
          ['Started', <Ago sinceMs={shown.started_at_ms} />],
          [
            'Process',
            shown.pid !== undefined
              ? `pid ${shown.pid}${shown.host ? ` on ${shown.host}` : ''}`
              : undefined,
          ],
          [
            'Current run',
            shown.current_run ? <RevealLink view="runs" target={shown.current_run} /> : undefined,
          ],
          ['Task', shown.current_task],
          ['Edits', String(shown.edit_count ?? 0)],
          shown.problem
            ? ['Problem', <span className="tone-text-diag">{shown.problem}</span>]
            : null,
        ]}
      />
      <Section title="Held leases" count={shown.held_leases.length}>
        {shown.held_leases.length === 0 ? (
          <p className="dim">None.</p>
        ) : (
          <ul className="plain-list">
            {shown.held_leases.map((path) => (
              <li key={path}>
                {leaseKeyByPath.has(path) ? (
                  <RevealLink view="leases" target={leaseKeyByPath.get(path)!}>
                    <PathText path={path} widthPx={340} />
                  </RevealLink>
                ) : (
                  <PathText path={path} widthPx={340} />
                )}
              </li>
            ))}
          </ul>
        )}
      </Section>
      {Object.keys(shown.held_paths).length > 0 ? (
        <Section title="Advisory path locks" count={Object.keys(shown.held_paths).length}>
          <ul className="plain-list">
            {Object.entries(shown.held_paths).map(([path, expiry]) => (
              <li key={path} className="split">
                <PathText path={path} widthPx={220} /> <Countdown targetMs={expiry} />
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      <Section title="Recent activity">
        {detail.at === 'error' ? (
          <p className="tone-text-bad">Could not load activity: {detail.message}</p>
        ) : null}
        {detail.data ? (
          <ActivityList transitions={detail.data.transitions} messages={detail.data.messages} />
        ) : (
          <p className="dim">Loading…</p>
        )}
      </Section>
    </DetailPane>
  );
}

type Transition = { ts_ms: number; kind: string; key: string; detail?: string | undefined };
type SentMessage = {
  room: string;
  message: { id: string; kind: string; subject: string; ts_ms: number; to?: string | undefined };
};

function ActivityList({
  transitions,
  messages,
}: {
  transitions: readonly Transition[];
  messages: readonly SentMessage[];
}) {
  const items = [
    ...transitions.map((t) => ({
      ts: t.ts_ms,
      id: `t:${t.ts_ms}:${t.kind}:${t.key}`,
      what: t.kind.replace('.', ' '),
      detail: t.detail ?? t.key,
    })),
    ...messages.map((m) => ({
      ts: m.message.ts_ms,
      id: `m:${m.message.id}`,
      what: `sent ${m.message.kind}`,
      detail: `${m.room}: ${m.message.subject}${m.message.to ? ` → ${m.message.to}` : ''}`,
    })),
  ].sort((a, b) => b.ts - a.ts);
  if (items.length === 0) return <p className="dim">No recorded activity yet.</p>;
  return (
    <ol className="activity">
      {items.slice(0, 100).map((i) => (
        <li key={i.id}>
          <time className="dim" title={formatAbsolute(i.ts)}>
            {formatClock(i.ts)}
          </time>
          <span className="activity-what">{i.what}</span>
          <span className="activity-detail" title={i.detail}>
            {i.detail}
          </span>
        </li>
      ))}
    </ol>
  );
}
