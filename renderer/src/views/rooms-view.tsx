import { useEffect, useState } from 'react';
import type { RoomView } from '../../../core/api/views.ts';
import { useMonitor, useServices, useUiShallow } from '../app-context.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { ListViewFrame } from '../components/list-view-frame.tsx';
import { PathText } from '../components/path-text.tsx';
import { Ago } from '../components/relative-time.tsx';
import { VirtualTable, type Column } from '../components/virtual-table.tsx';
import { formatCount } from '../format/duration.ts';
import { memoLast, sortRooms } from '../state/selectors.ts';
import { historyUnavailableTitle, MessageStream } from './message-stream.tsx';

const sorted = memoLast((rooms: ReadonlyMap<string, RoomView>) => sortRooms(rooms.values()));

/**
 * Width of the Last column: its longest text, "999d 23h ago" (formatAgo never says more; "in 59m
 * 59s" under clock skew is shorter), in the table's font with the cell's 8 px padding each side.
 */
export const LAST_COLUMN_PX = 112;

/** A room's message count, or why there is none to give (the history index is not working). */
export function RoomCount({ room }: { room: RoomView }) {
  const historyProblem = useMonitor((s) => s.status?.history_problem);
  if (historyProblem) {
    return <span title={historyUnavailableTitle(historyProblem)}>history unavailable</span>;
  }
  return <>{formatCount(room.message_count)} msgs</>;
}

const COLUMNS: readonly Column<RoomView>[] = [
  {
    id: 'room',
    header: 'Room',
    width: { flex: 1, min: 140 },
    render: (r, w) => (
      <div className="two-line">
        <PathText path={r.key} widthPx={w - 26} className="line-1" />
        <span className="line-2 dim">
          <RoomCount room={r} />
          {r.pending_requests.length ? (
            <span className="tone-text-warn"> · {r.pending_requests.length} awaiting reply</span>
          ) : null}
        </span>
      </div>
    ),
  },
  {
    id: 'last',
    header: 'Last',
    width: LAST_COLUMN_PX,
    render: (r) => <Ago sinceMs={r.last_message?.ts_ms} />,
  },
];

export function RoomsView() {
  const { ui } = useServices();
  const rooms = useMonitor((s) => s.entities.room);
  const rows = sorted(rooms);
  const { selected } = useUiShallow((s) => ({ selected: s.selection.rooms }));
  // A search hit in another room: the stream opened on it lands there.
  const [jump, setJump] = useState<{ room: string; cursor: number } | undefined>();
  // With no room chosen yet, open the most recently active one: an empty pane helps no one. It is
  // chosen once and recorded as the selection, so the stream stays on it (with the operator's
  // search and filters) when another room becomes the most recently active.
  const first = selected === undefined ? rows[0]?.key : undefined;
  useEffect(() => {
    if (first !== undefined && ui.getState().selection.rooms === undefined) {
      ui.getState().select('rooms', first, false);
    }
  }, [ui, first]);
  const room = selected !== undefined ? rooms.get(selected) : rows[0];
  return (
    <ListViewFrame
      title="Rooms"
      count={formatCount(rows.length)}
      listClassName="rooms-list"
      detail={
        room ? (
          <MessageStream
            key={room.key}
            room={room}
            initialJump={jump?.room === room.key ? jump.cursor : undefined}
            onOpenHit={(key, cursor) => {
              setJump({ room: key, cursor });
              ui.getState().select('rooms', key, true);
            }}
          />
        ) : (
          <div className="stream-placeholder">
            {rows.length > 0 ? <p className="dim">Select a room to read its messages.</p> : null}
          </div>
        )
      }
    >
      <VirtualTable
        label="Rooms"
        columns={COLUMNS}
        rows={rows}
        rowKey={(r) => r.key}
        rowHeight={44}
        selectedKey={room?.key}
        onSelect={(key) => {
          setJump(undefined);
          ui.getState().select('rooms', key, true);
        }}
        empty={
          <EmptyState
            title="No rooms yet."
            command='baton room post session/s1/general --body "starting on the parser" --kind status'
          >
            A room appears when an agent first posts to it:
          </EmptyState>
        }
      />
    </ListViewFrame>
  );
}
