import { useVirtualizer } from '@tanstack/react-virtual';
import {
  memo,
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type KeyboardEvent,
  type Ref,
  type RefObject,
} from 'react';
import type { RoomMessage, RoomView } from '../../../core/api/views.ts';
import { MESSAGE_KIND_OPTIONS } from './message-kinds.ts';
import { nextMessageIndex } from './message-keys.ts';
import { postMessagePlan } from '../actions/plans.tsx';
import { useMonitor, useServices } from '../app-context.tsx';
import { DetailPane, Section } from '../components/detail-pane.tsx';
import { EmptyState } from '../components/empty-state.tsx';
import { JsonBlock, KeyValues } from '../components/key-values.tsx';
import { Ago } from '../components/relative-time.tsx';
import { SegmentedControl } from '../components/segmented-control.tsx';
import { useRequest } from '../components/use-request.ts';
import {
  formatAbsolute,
  formatBytes,
  formatClock,
  formatCount,
  formatTimestamp,
} from '../format/duration.ts';
import {
  addressText,
  appendPage,
  arrivalAnnouncement,
  EMPTY_WINDOW,
  newestCursor,
  prependPage,
  readMarkers,
  type MessageWindow,
} from '../state/message-window.ts';

const ROW_PX = 28;
const PAGE = 500;

type Filter = { kind: string; from: string; to: string; thread_id: string };
const NO_FILTER: Filter = { kind: '', from: '', to: '', thread_id: '' };
/** The free-text filters after the kind menu, in order: field, placeholder, accessible name. */
const TEXT_FILTERS = [
  ['from', 'from', 'From'],
  ['to', 'to', 'To'],
  ['thread_id', 'thread', 'Thread'],
] as const satisfies readonly (readonly [keyof Filter, string, string])[];

/** Where a search looks: the room on screen, or every room (hits name their room). */
export type SearchScope = 'room' | 'all';
const SCOPES = [
  { value: 'room', label: 'this room' },
  { value: 'all', label: 'all rooms' },
] as const satisfies readonly { value: SearchScope; label: string }[];

/** What the search box says, so it never claims a wider (or narrower) scope than it searches. */
export function searchPlaceholder(scope: SearchScope, historyProblem: string | undefined): string {
  if (historyProblem) return 'history unavailable';
  return scope === 'room' ? 'search this room…' : 'search all rooms…';
}

/** "the index could not…" as a sentence: capital first letter, one full stop at the end. */
function sentence(text: string): string {
  const t = text.trim().replace(/[.\s]+$/, '');
  return `${t.charAt(0).toUpperCase()}${t.slice(1)}.`;
}

/** Why search and message history are off, for hover titles (undefined when they work). */
export function historyUnavailableTitle(historyProblem: string | undefined): string | undefined {
  return historyProblem
    ? `Message history and search are unavailable: ${historyProblem}. The current state is still live.`
    : undefined;
}

function requestFilter(f: Filter) {
  const out: { kind?: string; from?: string; to?: string; thread_id?: string } = {};
  if (f.kind) out.kind = f.kind;
  if (f.from.trim()) out.from = f.from.trim();
  if (f.to.trim()) out.to = f.to.trim();
  if (f.thread_id.trim()) out.thread_id = f.thread_id.trim();
  return out;
}

/**
 * One room's messages, live: the newest page first, older pages as the operator scrolls up
 * (kept in place: the scroll offset moves by the rows added above), new messages appended as
 * the room grows (following the bottom only if the operator is there).
 *
 * `initialJump` lands on that message when the stream opens (a search hit in another room);
 * `onOpenHit` opens a hit of an all-rooms search that lies in another room.
 */
export function MessageStream({
  room,
  initialJump,
  onOpenHit,
}: {
  room: RoomView;
  initialJump?: number | undefined;
  onOpenHit?: ((room: string, cursor: number) => void) | undefined;
}) {
  const { client, ui } = useServices();
  const historyProblem = useMonitor((s) => s.status?.history_problem);
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [win, setWin] = useState<MessageWindow>(EMPTY_WINDOW);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [selected, setSelected] = useState<RoomMessage | undefined>();
  // The message the keyboard is on (by cursor: indexes shift when older pages load above it).
  const [active, setActive] = useState<number | undefined>();
  const rowIdBase = useId();
  const detailRef = useRef<HTMLElement>(null);
  const [highlight, setHighlight] = useState<number | undefined>();
  const [unseen, setUnseen] = useState(0);
  // Read out by screen readers (a polite live region): the listbox itself announces nothing.
  const [announcement, setAnnouncement] = useState('');
  const [searchText, setSearchText] = useState('');
  const [searchQuery, setSearchQuery] = useState('');
  const [searchScope, setSearchScope] = useState<SearchScope>('room');
  const scrollRef = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const prependAdjust = useRef<{ count: number } | null>(null);
  const scrollToEnd = useRef(false);
  const busy = useRef(false);
  const generation = useRef(0);
  const pendingJump = useRef<number | undefined>(initialJump);

  // TanStack Virtual hands back fresh functions by design; nothing here relies on memoising them.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: win.messages.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_PX,
    overscan: 15,
    useFlushSync: false,
    getItemKey: (i) => win.messages[i]!.cursor,
  });

  const f = useMemo(() => requestFilter(filter), [filter]);
  const tailCursor = Math.max(room.size_bytes, room.last_message?.cursor ?? 0) + 1;

  // Load the newest page on open and whenever the filter changes (or land on a jump target: the
  // jump clears it once it lands, so an effect run twice, as in StrictMode, jumps twice, not once
  // and then loads over it).
  useEffect(() => {
    if (pendingJump.current !== undefined) {
      void jumpRef.current(pendingJump.current);
      return;
    }
    const gen = ++generation.current;
    busy.current = true;
    setLoading(true);
    setError(undefined);
    client
      .roomMessages({ room: room.key, before_cursor: tailCursor, limit: PAGE, filter: f })
      .then((page) => {
        if (gen !== generation.current) return;
        setWin({
          messages: page.messages,
          hasMoreBefore: page.has_more_before,
          hasMoreAfter: false,
          total: page.total,
        });
        scrollToEnd.current = true;
        setUnseen(0);
        setAnnouncement(''); // another room, or a reload: nothing has arrived yet
      })
      .catch(
        (e: unknown) =>
          gen === generation.current && setError(e instanceof Error ? e.message : String(e)),
      )
      .finally(() => {
        if (gen === generation.current) {
          busy.current = false;
          setLoading(false);
        }
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- reload on room or filter only, not on every append
  }, [client, room.key, f]);

  // Live: the room's newest cursor moved past ours; fetch what is new (with the filter).
  const roomNewest = room.last_message?.cursor;
  useEffect(() => {
    const newest = newestCursor(win);
    if (roomNewest === undefined || busy.current || win.hasMoreAfter) return;
    if (newest !== undefined && roomNewest <= newest) return;
    if (newest === undefined && win.messages.length === 0 && loading) return;
    const gen = generation.current;
    busy.current = true;
    client
      .roomMessages({
        room: room.key,
        ...(newest !== undefined ? { after_cursor: newest } : {}),
        limit: PAGE,
        filter: f,
      })
      .then((page) => {
        if (gen !== generation.current) return;
        if (page.messages.length && atBottom.current) scrollToEnd.current = true;
        else if (page.messages.length) setUnseen((n) => n + page.messages.length);
        if (page.messages.length) setAnnouncement(arrivalAnnouncement(page.messages, room.key));
        setWin((w) => appendPage(w, page));
      })
      .catch(() => undefined)
      .finally(() => {
        if (gen === generation.current) busy.current = false;
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- triggered by the room's newest cursor
  }, [roomNewest, win.messages.length, loading]);

  const loadOlder = useCallback(() => {
    if (busy.current || !win.hasMoreBefore || win.messages.length === 0) return;
    const gen = generation.current;
    busy.current = true;
    client
      .roomMessages({
        room: room.key,
        before_cursor: win.messages[0]!.cursor,
        limit: PAGE,
        filter: f,
      })
      .then((page) => {
        if (gen !== generation.current) return;
        prependAdjust.current = { count: page.messages.length };
        setWin((w) => prependPage(w, page));
      })
      .catch(() => undefined)
      .finally(() => {
        if (gen === generation.current) busy.current = false;
      });
  }, [client, room.key, f, win]);

  const loadNewer = useCallback(() => {
    const newest = newestCursor(win);
    if (busy.current || !win.hasMoreAfter || newest === undefined) return;
    const gen = generation.current;
    busy.current = true;
    client
      .roomMessages({ room: room.key, after_cursor: newest, limit: PAGE, filter: f })
      .then((page) => gen === generation.current && setWin((w) => appendPage(w, page)))
      .catch(() => undefined)
      .finally(() => {
        if (gen === generation.current) busy.current = false;
      });
  }, [client, room.key, f, win]);

  // Keep the reader's place when older rows are added above, and follow the bottom when asked.
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (!el) return;
    if (prependAdjust.current) {
      el.scrollTop += prependAdjust.current.count * ROW_PX;
      prependAdjust.current = null;
    } else if (scrollToEnd.current) {
      scrollToEnd.current = false;
      el.scrollTop = el.scrollHeight;
      setUnseen(0);
    }
  }, [win]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_PX * 2;
    if (atBottom.current && unseen) setUnseen(0);
    if (el.scrollTop < ROW_PX * 20) loadOlder();
    if (atBottom.current && win.hasMoreAfter) loadNewer();
  };

  const jumpTo = useCallback(
    async (cursor: number) => {
      if (Object.keys(f).length > 0) {
        // A jump shows the message among all others: drop the filter, then land (see the load effect).
        ++generation.current;
        pendingJump.current = cursor;
        setFilter(NO_FILTER);
        return;
      }
      const gen = ++generation.current;
      busy.current = true;
      try {
        const [before, after] = await Promise.all([
          client.roomMessages({ room: room.key, before_cursor: cursor + 1, limit: 100 }),
          client.roomMessages({ room: room.key, after_cursor: cursor, limit: 100 }),
        ]);
        if (gen !== generation.current) return;
        pendingJump.current = undefined;
        setLoading(false);
        const w = appendPage(
          {
            messages: before.messages,
            hasMoreBefore: before.has_more_before,
            hasMoreAfter: false,
            total: before.total,
          },
          after,
        );
        setWin(w);
        setHighlight(cursor);
        const index = w.messages.findIndex((m) => m.cursor === cursor);
        if (index >= 0) {
          setSelected(w.messages[index]);
          setActive(cursor);
          requestAnimationFrame(() => virtualizer.scrollToIndex(index, { align: 'center' }));
        }
      } catch (e) {
        if (gen !== generation.current) return;
        pendingJump.current = undefined;
        setError(e instanceof Error ? e.message : String(e));
      } finally {
        if (gen === generation.current) busy.current = false;
      }
    },
    [client, room.key, virtualizer, f],
  );
  const jumpRef = useRef(jumpTo);
  useLayoutEffect(() => {
    jumpRef.current = jumpTo;
  }, [jumpTo]);

  const markers = useMemo(
    () => readMarkers(win.messages, room.consumers),
    [win.messages, room.consumers],
  );
  const filtered = Object.keys(f).length > 0;
  const items = virtualizer.getVirtualItems();
  const activeIndex =
    active === undefined ? -1 : win.messages.findIndex((m) => m.cursor === active);

  // ↑↓ / j k, PgUp/PgDn, Home/End move through the messages; Enter or Space opens one (focus
  // goes to its detail; Esc there comes back here); Esc here closes an open detail. Moving
  // follows the log like scrolling does: on the newest message it keeps following new ones,
  // elsewhere they wait under "N new ↓".
  const onLogKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.target !== event.currentTarget || event.altKey || event.ctrlKey || event.metaKey)
      return;
    const at = activeIndex >= 0 ? activeIndex : undefined;
    if (event.key === 'Enter' || event.key === ' ') {
      const message = at !== undefined ? win.messages[at] : undefined;
      if (!message) return;
      event.preventDefault();
      setSelected(message);
      requestAnimationFrame(() => detailRef.current?.focus());
      return;
    }
    if (event.key === 'Escape') {
      if (!selected) return;
      event.preventDefault();
      setSelected(undefined);
      return;
    }
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 300) / ROW_PX) - 1);
    const next = nextMessageIndex(event.key, at, win.messages.length, page);
    if (next === undefined) return;
    event.preventDefault();
    const message = win.messages[next]!;
    setActive(message.cursor);
    // An open detail follows the keyboard, as a table's does.
    if (selected) setSelected(message);
    virtualizer.scrollToIndex(next, { align: 'auto' });
  };
  const selectRow = useCallback((m: RoomMessage) => {
    setActive(m.cursor);
    setSelected(m);
  }, []);
  const closeDetail = () => {
    setSelected(undefined);
    requestAnimationFrame(() => scrollRef.current?.focus());
  };

  return (
    <>
      <div className="stream">
        <div className="stream-header">
          <div className="stream-title">
            <h2 className="mono">{room.key}</h2>
            <span className="dim" data-testid="room-message-count">
              {historyProblem ? (
                <span title={historyUnavailableTitle(historyProblem)}>history unavailable</span>
              ) : (
                `${formatCount(room.message_count)} messages`
              )}{' '}
              · {formatBytes(room.size_bytes)}
            </span>
          </div>
          <div className="filters" role="group" aria-label="Message filters">
            <select
              aria-label="Kind"
              value={filter.kind}
              onChange={(e) => setFilter({ ...filter, kind: e.target.value })}
            >
              <option value="">all kinds</option>
              {Object.entries(room.kinds).map(([kind, n]) => (
                <option key={kind} value={kind}>
                  {kind} ({n})
                </option>
              ))}
            </select>
            {TEXT_FILTERS.map(([field, placeholder, label]) => (
              <input
                key={field}
                className="filter-input"
                placeholder={placeholder}
                aria-label={label}
                value={filter[field]}
                onChange={(e) => setFilter({ ...filter, [field]: e.target.value })}
              />
            ))}
            {filtered ? (
              <button type="button" className="link" onClick={() => setFilter(NO_FILTER)}>
                clear
              </button>
            ) : null}
            <form
              className="search-form"
              role="search"
              onSubmit={(e) => {
                e.preventDefault();
                if (!historyProblem) setSearchQuery(searchText.trim());
              }}
            >
              {historyProblem ? null : (
                <SegmentedControl
                  label="Search scope"
                  options={SCOPES}
                  value={searchScope}
                  onChange={setSearchScope}
                />
              )}
              <input
                type="search"
                className="filter-input wide"
                placeholder={searchPlaceholder(searchScope, historyProblem)}
                aria-label={
                  searchScope === 'room' ? 'Search messages in this room' : 'Search all rooms'
                }
                title={historyUnavailableTitle(historyProblem)}
                disabled={historyProblem !== undefined}
                value={searchText}
                onChange={(e) => {
                  setSearchText(e.target.value);
                  if (!e.target.value) setSearchQuery('');
                }}
              />
            </form>
          </div>
          <RoomStrip
            room={room}
            historyProblem={historyProblem}
            onPick={(cursor) => void jumpTo(cursor)}
          />
        </div>
        {searchQuery ? (
          <SearchResults
            room={room.key}
            scope={searchScope}
            query={searchQuery}
            historyProblem={historyProblem}
            onPick={(hitRoom, cursor) => {
              setSearchQuery('');
              if (hitRoom === room.key) void jumpTo(cursor);
              else onOpenHit?.(hitRoom, cursor);
            }}
            onClose={() => {
              setSearchQuery('');
              setSearchText('');
            }}
          />
        ) : (
          <div
            ref={scrollRef}
            className="stream-scroll"
            onScroll={onScroll}
            tabIndex={0}
            role="listbox"
            aria-label={`Messages in ${room.key}`}
            aria-busy={loading}
            aria-activedescendant={
              activeIndex >= 0 ? `${rowIdBase}-m${win.messages[activeIndex]!.cursor}` : undefined
            }
            onKeyDown={onLogKeyDown}
          >
            {error ? <p className="tone-text-bad pad">Could not load messages: {error}</p> : null}
            {!loading && win.messages.length === 0 && !error ? (
              historyProblem ? (
                <EmptyState title="Message history is unavailable.">
                  {sentence(historyProblem)} The room&apos;s size and readers above are still live.
                </EmptyState>
              ) : filtered ? (
                <EmptyState title="No message matches these filters." />
              ) : (
                <EmptyState
                  title="This room has no messages."
                  command={`baton room post ${room.key} --body "hello" --kind status`}
                />
              )
            ) : null}
            {win.hasMoreBefore ? (
              <div className="stream-more dim">
                {loading ? 'Loading…' : 'Scroll up for older messages'}
              </div>
            ) : null}
            <div className="stream-body" style={{ height: virtualizer.getTotalSize() }}>
              {items.map((item) => {
                const m = win.messages[item.index]!;
                return (
                  <MessageRow
                    key={m.cursor}
                    id={`${rowIdBase}-m${m.cursor}`}
                    message={m}
                    top={item.start}
                    readers={markers.get(item.index)}
                    selected={selected?.cursor === m.cursor}
                    active={active === m.cursor}
                    highlighted={highlight === m.cursor}
                    onSelect={selectRow}
                  />
                );
              })}
            </div>
          </div>
        )}
        <div className="sr-only" aria-live="polite" data-testid="stream-announcement">
          {announcement}
        </div>
        {unseen > 0 ? (
          <button
            type="button"
            className="new-messages"
            onClick={() => {
              const el = scrollRef.current;
              if (el) el.scrollTop = el.scrollHeight;
              setUnseen(0);
            }}
          >
            {unseen} new ↓
          </button>
        ) : null}
        {win.hasMoreAfter ? (
          <button
            type="button"
            className="new-messages"
            onClick={() => {
              setFilter({ ...filter });
            }}
          >
            Jump to latest ↓
          </button>
        ) : null}
        <Composer room={room.key} />
      </div>
      {selected ? (
        <MessageDetail
          ref={detailRef}
          room={room.key}
          message={selected}
          onClose={closeDetail}
          streamRef={scrollRef}
          onThread={(thread) => setFilter({ ...NO_FILTER, thread_id: thread })}
          onReveal={(agent) => ui.getState().reveal('agents', agent)}
        />
      ) : null}
    </>
  );
}

/**
 * One message, an option of the log's listbox: the log keeps focus and points at the active row
 * (aria-activedescendant), so a row scrolled out of the virtualised window loses nothing.
 */
const MessageRow = memo(function MessageRow({
  id,
  message,
  top,
  readers,
  selected,
  active,
  highlighted,
  onSelect,
}: {
  id: string;
  message: RoomMessage;
  top: number;
  readers: string[] | undefined;
  selected: boolean;
  active: boolean;
  highlighted: boolean;
  onSelect(m: RoomMessage): void;
}) {
  const m = message.message;
  const to = addressText(m.to);
  return (
    <div
      id={id}
      role="option"
      aria-selected={selected}
      className={`msg-row${selected ? ' selected' : ''}${active ? ' active' : ''}${highlighted ? ' highlighted' : ''}${readers ? ' read-marker' : ''}`}
      style={{ transform: `translateY(${top}px)` }}
      onClick={() => onSelect(message)}
      data-cursor={message.cursor}
    >
      <time className="msg-time dim" title={formatAbsolute(m.ts_ms)}>
        {formatClock(m.ts_ms)}
      </time>
      <span className="kind-tag">{m.kind}</span>
      <span className="msg-from" title={addressText(m.from)}>
        {addressText(m.from)}
      </span>
      <span className="msg-to dim" title={to}>
        {to ? `→ ${to}` : ''}
      </span>
      <span className="msg-subject" title={m.subject}>
        {m.subject}
      </span>
      {readers ? (
        <span className="read-label" title={`${readers.join(', ')} acknowledged up to here`}>
          {/* A narrow stream shows "read" alone (names on hover), leaving room for the subject. */}
          <span className="read-label-by">read by {readers.join(', ')}</span>
          <span className="read-label-short">read</span>
        </span>
      ) : null}
    </div>
  );
});

function RoomStrip({
  room,
  historyProblem,
  onPick,
}: {
  room: RoomView;
  historyProblem: string | undefined;
  onPick(cursor: number): void;
}) {
  return (
    <div className="room-strip">
      <span className="dim">Readers:</span>
      {room.consumers.length === 0 ? <span className="dim">none</span> : null}
      {room.consumers.map((c) => (
        <span
          key={c.consumer_id}
          className="reader"
          title={c.updated_at_ms ? `acknowledged ${formatTimestamp(c.updated_at_ms)}` : undefined}
        >
          {c.consumer_id}{' '}
          {historyProblem ? (
            // Unread counts come from the history index: without it, "caught up" would be a guess.
            <span className="dim" title={historyUnavailableTitle(historyProblem)}>
              unread unknown
            </span>
          ) : (
            <span className={c.unread ? 'tone-text-warn' : 'dim'}>
              {c.unread ? `${formatCount(c.unread)} unread` : 'caught up'}
            </span>
          )}
        </span>
      ))}
      {room.pending_requests.length > 0 ? (
        <span className="pending-requests">
          <span className="tone-text-warn">{room.pending_requests.length} awaiting reply:</span>
          {room.pending_requests.slice(0, 3).map((r) => (
            <button
              key={r.id}
              type="button"
              className="link"
              onClick={() => onPick(r.cursor)}
              title={`${r.from}${r.to ? ` → ${r.to}` : ''}: ${r.subject}`}
            >
              {r.subject.length > 40 ? `${r.subject.slice(0, 39)}…` : r.subject} (
              <Ago sinceMs={r.ts_ms} />)
            </button>
          ))}
          {room.pending_requests.length > 3 ? (
            <span className="dim">+{room.pending_requests.length - 3} more</span>
          ) : null}
        </span>
      ) : null}
    </div>
  );
}

/** The words after "N matches for “q”": where the search looked, and what it may have missed. */
export function searchResultNote(
  scope: SearchScope,
  indexedComplete: boolean | undefined,
  historyProblem: string | undefined,
): { where: string; caveat: string | undefined } {
  const where = scope === 'room' ? 'in this room' : 'in all rooms';
  if (historyProblem) return { where, caveat: 'history unavailable: results may be missing' };
  if (indexedComplete === false) {
    return { where, caveat: 'index still building: results may be incomplete' };
  }
  return { where, caveat: undefined };
}

function SearchResults({
  room,
  scope,
  query,
  historyProblem,
  onPick,
  onClose,
}: {
  room: string;
  scope: SearchScope;
  query: string;
  historyProblem: string | undefined;
  onPick(room: string, cursor: number): void;
  onClose(): void;
}) {
  const { client } = useServices();
  const result = useRequest(
    () => client.search({ query, ...(scope === 'room' ? { room } : {}), limit: 200 }),
    [query, room, scope],
  );
  const note = searchResultNote(scope, result.data?.indexed_complete, historyProblem);
  return (
    <div className="search-results" role="region" aria-label="Search results">
      <div className="search-results-head">
        <span>
          {result.data
            ? `${formatCount(result.data.hits.length)} ${result.data.hits.length === 1 ? 'match' : 'matches'} for “${query}” ${note.where}`
            : `Searching ${note.where} for “${query}”…`}
          {result.data && note.caveat ? <span className="dim"> ({note.caveat})</span> : null}
        </span>
        <button type="button" className="link" onClick={onClose}>
          back to the stream
        </button>
      </div>
      {result.at === 'error' ? (
        <p className="tone-text-bad pad">Search failed: {result.message}</p>
      ) : null}
      <ol className="search-list">
        {result.data?.hits.map((hit) => (
          <li key={`${hit.room}:${hit.cursor}`}>
            <button
              type="button"
              className="search-hit"
              onClick={() => onPick(hit.room, hit.cursor)}
            >
              {scope === 'all' ? (
                <span className="search-hit-room mono">
                  {hit.room === room ? `${hit.room} (this room)` : hit.room}
                </span>
              ) : null}
              <span className="dim">{formatClock(hit.message.ts_ms)}</span>{' '}
              <span className="kind-tag">{hit.message.kind}</span>{' '}
              <strong>{hit.message.from}</strong>{' '}
              <span className="snippet">{hit.snippet || hit.message.subject}</span>
            </button>
          </li>
        ))}
      </ol>
    </div>
  );
}

function Composer({ room }: { room: string }) {
  const { ui } = useServices();
  const [body, setBody] = useState('');
  const [kind, setKind] = useState('status');
  const [to, setTo] = useState('');
  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        if (!body.trim()) return;
        ui.getState().openAction({
          ...postMessagePlan(room, body.trim(), kind, to.trim() || undefined),
          onOk: () => {
            setBody('');
            return [];
          },
        });
      }}
    >
      <select aria-label="Message kind" value={kind} onChange={(e) => setKind(e.target.value)}>
        {MESSAGE_KIND_OPTIONS.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </select>
      <input
        className="composer-to"
        placeholder="to (optional)"
        aria-label="To"
        value={to}
        onChange={(e) => setTo(e.target.value)}
      />
      <input
        className="composer-body"
        placeholder="Message from the operator…"
        aria-label="Message"
        value={body}
        onChange={(e) => setBody(e.target.value)}
      />
      <button type="submit" className="primary" disabled={!body.trim()}>
        Post…
      </button>
    </form>
  );
}

function MessageDetail({
  room,
  message,
  onClose,
  onThread,
  onReveal,
  streamRef,
  ref,
}: {
  room: string;
  message: RoomMessage;
  onClose(): void;
  /** The message log (its active row is this message): focus returns there after a reply. */
  streamRef: RefObject<HTMLElement | null>;
  onThread(thread: string): void;
  onReveal(agent: string): void;
  ref?: Ref<HTMLElement>;
}) {
  const { client, ui } = useServices();
  const m = message.message;
  const thread = m.thread_id ?? (m.kind === 'request' ? m.id : undefined);
  const threadMessages = useRequest(
    () =>
      thread
        ? client.roomMessages({ room, filter: { thread_id: thread }, limit: 500 })
        : Promise.resolve(undefined),
    [room, thread],
  );
  const [reply, setReply] = useState('');
  return (
    <DetailPane
      ref={ref}
      title={m.subject || <span className="dim">(no subject)</span>}
      onClose={onClose}
    >
      <KeyValues
        rows={[
          ['Kind', m.kind],
          [
            'From',
            <button type="button" className="link" onClick={() => onReveal(addressText(m.from))}>
              {addressText(m.from)}
            </button>,
          ],
          ['To', addressText(m.to) || undefined],
          [
            'Sent',
            <>
              <Ago sinceMs={m.ts_ms} />{' '}
              <span className="dim small">({formatTimestamp(m.ts_ms)})</span>
            </>,
          ],
          ['Id', <span className="mono">{m.id}</span>],
          m.reply_to ? ['Reply to', <span className="mono">{m.reply_to}</span>] : null,
          thread
            ? [
                'Thread',
                <button type="button" className="link" onClick={() => onThread(thread)}>
                  {thread}
                </button>,
              ]
            : null,
          ['Cursor', <span className="mono">{message.cursor}</span>],
        ]}
      />
      <Section title="Body">
        <pre className="message-body">{m.body}</pre>
      </Section>
      {m.data !== undefined ? (
        <Section title="Data">
          <JsonBlock value={m.data} />
        </Section>
      ) : null}
      {m.refs.length > 0 ? (
        <Section title="Refs">
          <JsonBlock value={m.refs} />
        </Section>
      ) : null}
      {thread ? (
        <Section title="Thread" count={threadMessages.data?.messages.length}>
          <ol className="thread">
            {threadMessages.data?.messages.map((t) => (
              <li key={t.cursor} className={t.cursor === message.cursor ? 'current' : undefined}>
                <span className="dim">{formatClock(t.message.ts_ms)}</span>{' '}
                <span className="kind-tag">{t.message.kind}</span>{' '}
                <strong>{addressText(t.message.from)}</strong>: {t.message.subject}
              </li>
            ))}
          </ol>
        </Section>
      ) : null}
      <Section title="Reply as the operator">
        <form
          className="reply-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (!reply.trim()) return;
            ui.getState().openAction({
              ...postMessagePlan(
                room,
                reply.trim(),
                m.kind === 'request' ? 'ack' : 'status',
                addressText(m.from) || undefined,
                m.id,
              ),
              onOk: () => {
                setReply('');
                return [];
              },
              // Posted, the Reply… button is disabled: the stream, not the Rooms list, is next.
              returnFocus: () => streamRef.current,
            });
          }}
        >
          <input
            value={reply}
            onChange={(e) => setReply(e.target.value)}
            placeholder={`Reply to ${addressText(m.from)}…`}
            aria-label="Reply"
          />
          <button type="submit" disabled={!reply.trim()}>
            Reply…
          </button>
        </form>
      </Section>
    </DetailPane>
  );
}
