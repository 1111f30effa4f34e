import { useEffect, useState, type CSSProperties } from 'react';
import type { RoomView } from '../../../core/api/views.ts';
import { useMonitor, useServices, useUiShallow } from '../app-context.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { ListViewFrame } from '../components/list-view-frame.tsx';
import { MONO_CHAR_PX } from '../components/path-text.tsx';
import { Ago } from '../components/relative-time.tsx';
import { VirtualTable, type Column } from '../components/virtual-table.tsx';
import { formatCount } from '../format/duration.ts';
import { roomKeyEllipsis } from '../format/room-key.ts';
import { memoLast, sortRooms } from '../state/selectors.ts';
import { historyUnavailableTitle, MessageStream } from './message-stream.tsx';

const sorted = memoLast((rooms: ReadonlyMap<string, RoomView>) => sortRooms(rooms.values()));

/** Pixels around the room name in its column: the cell's padding and the PathText allowance. */
const NAME_INSET_PX = 28;
/** A scrollbar and the list's border, so the longest name fits when the list scrolls. */
const LIST_CHROME_PX = 18;

/**
 * The list width at which every room's full key fits (CSS clamps it to the screen). The review
 * found the name column fixed at ~175 px, cutting `workspace/acme-app/planning` while the
 * stream beside it had room to spare; the list now takes what its longest name needs instead.
 */
const fitWidth = memoLast((rooms: ReadonlyMap<string, RoomView>) => {
  let longest = 0;
  for (const key of rooms.keys()) longest = Math.max(longest, Array.from(key).length);
  return Math.ceil(longest * MONO_CHAR_PX + NAME_INSET_PX + LAST_COLUMN_PX + LIST_CHROME_PX);
});

/** A room's key shortened so that distinct rooms stay distinct; the full key on hover. */
function RoomName({ room, widthPx }: { room: RoomView; widthPx: number }) {
  const max = Math.max(4, Math.floor((widthPx - 2) / MONO_CHAR_PX));
  const shown = roomKeyEllipsis(room, max);
  return (
    <span className="mono line-1" title={shown === room.key ? undefined : room.key}>
      {shown}
    </span>
  );
}

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
        <RoomName room={r} widthPx={w - 26} />
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
      <div
        className="rooms-list-fit"
        style={{ '--rooms-fit': `${fitWidth(rooms)}px` } as CSSProperties}
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
      </div>
    </ListViewFrame>
  );
}
