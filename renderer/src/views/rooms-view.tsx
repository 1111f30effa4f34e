import type { RoomView } from '../../../core/api/views.ts';
import { useMonitor, useServices, useUiShallow } from '../app-context.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { ListViewFrame } from '../components/list-view-frame.tsx';
import { PathText } from '../components/path-text.tsx';
import { Ago } from '../components/relative-time.tsx';
import { VirtualTable, type Column } from '../components/virtual-table.tsx';
import { formatCount } from '../format/duration.ts';
import { memoLast, sortRooms } from '../state/selectors.ts';
import { MessageStream } from './message-stream.tsx';

const sorted = memoLast((rooms: ReadonlyMap<string, RoomView>) => sortRooms(rooms.values()));

const COLUMNS: readonly Column<RoomView>[] = [
  {
    id: 'room',
    header: 'Room',
    width: { flex: 1, min: 140 },
    render: (r, w) => (
      <div className="two-line">
        <PathText path={r.key} widthPx={w - 26} className="line-1" />
        <span className="line-2 dim">
          {formatCount(r.message_count)} msgs
          {r.pending_requests.length ? (
            <span className="tone-text-warn"> · {r.pending_requests.length} awaiting reply</span>
          ) : null}
        </span>
      </div>
    ),
  },
  { id: 'last', header: 'Last', width: 76, render: (r) => <Ago sinceMs={r.last_message?.ts_ms} /> },
];

export function RoomsView() {
  const { ui } = useServices();
  const rooms = useMonitor((s) => s.entities.room);
  const rows = sorted(rooms);
  const { selected } = useUiShallow((s) => ({ selected: s.selection.rooms }));
  // With no room chosen yet, open the most recently active one: an empty pane helps no one.
  const room = (selected ? rooms.get(selected) : undefined) ?? (selected ? undefined : rows[0]);
  return (
    <ListViewFrame
      title="Rooms"
      count={formatCount(rows.length)}
      listClassName="rooms-list"
      detail={
        room ? (
          <MessageStream key={room.key} room={room} />
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
        onSelect={(key) => ui.getState().select('rooms', key, true)}
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
