import { describe, expect, it } from 'vitest';
import type { EngineStatus, RoomView } from '../../core/api/views.ts';
import type { AppServices } from '../../renderer/src/app-context.tsx';
import { FailureBanner } from '../../renderer/src/components/top-bar.tsx';
import {
  MessageStream,
  searchPlaceholder,
  searchResultNote,
} from '../../renderer/src/views/message-stream.tsx';
import { RoomCount } from '../../renderer/src/views/rooms-view.tsx';
import { delta, snapshot, T0 } from './support/fixtures.ts';
import { renderStatic, staticServices } from './support/static-render.tsx';

// With the history index out (status.history_problem), the screen says so plainly: a calm banner
// with the reason, "history unavailable" where message counts and search would be, instead of
// "0 messages" and "index still building" forever.
const PROBLEM = 'the history index could not be opened (EACCES: permission denied)';

const ROOM: RoomView = {
  key: 'session/s1/general',
  scope: 'session',
  scope_id: 's1',
  room: 'general',
  message_count: 0,
  size_bytes: 2048,
  consumers: [],
  pending_requests: [],
  kinds: {},
};

function services(status: Partial<EngineStatus>): AppServices {
  const base = snapshot();
  return staticServices({
    snapshot: { ...base, status: { ...base.status, ...status }, rooms: [ROOM] },
    connection: { state: 'open', generation: 1, since_ms: T0 },
    view: 'rooms',
  });
}

const render = renderStatic;

describe('history unavailable', () => {
  it('shows a calm banner with the reason, saying the current state is still live', () => {
    const s = services({ history_problem: PROBLEM });
    const html = render(s, <FailureBanner />);
    expect(html).toContain('data-testid="history-banner"');
    expect(html).toContain('class="banner warn"');
    expect(html).toContain('role="status"'); // calm: not an alert
    expect(html).toContain('History and search are unavailable');
    expect(html).toContain('EACCES: permission denied');
    expect(html).toContain('is still live');
    expect(html).not.toContain('failure-banner');
  });

  it('drops the banner when the problem clears (a status without history_problem)', () => {
    const s = services({ history_problem: PROBLEM });
    const next = { ...s.monitor.getState().status! };
    delete next.history_problem;
    s.monitor.getState().applyDeltas([{ ...delta(1, []), status: next }], T0);
    expect(render(s, <FailureBanner />)).toBe('');
  });

  it('lets the unavailable directory banner win over the history banner', () => {
    const s = services({
      state: 'unavailable',
      message: '/coord does not exist',
      history_problem: PROBLEM,
    });
    const html = render(s, <FailureBanner />);
    expect(html).toContain('data-testid="failure-banner"');
    expect(html).toContain('/coord does not exist');
    expect(html).not.toContain('history-banner');
  });

  it('says "history unavailable" for the message counts and the search box', () => {
    const s = services({ history_problem: PROBLEM });
    const stream = render(s, <MessageStream room={ROOM} />);
    expect(stream).not.toContain('0 messages');
    expect(stream).toMatch(
      /data-testid="room-message-count"[^>]*><span title="[^"]*EACCES[^"]*">history unavailable<\/span>/,
    );
    const search = /<input type="search"[^>]*>/.exec(stream)?.[0] ?? '';
    expect(search).toContain('placeholder="history unavailable"');
    expect(search).toContain('disabled=""');
    expect(stream).not.toContain('index still building');
    // Unread counts come from the index too: not "caught up" when they cannot be known.
    const withReader = render(
      s,
      <MessageStream
        room={{ ...ROOM, consumers: [{ consumer_id: 'reviewer', cursor: 0, unread: 0 }] }}
      />,
    );
    expect(withReader).toContain('unread unknown');
    expect(withReader).not.toContain('caught up');
    expect(render(s, <RoomCount room={ROOM} />)).toContain('history unavailable');
    expect(render(s, <RoomCount room={ROOM} />)).not.toContain('msgs');
    // And a search already open when the problem appears says so rather than "still building".
    expect(searchResultNote('room', false, PROBLEM).caveat).toBe(
      'history unavailable: results may be missing',
    );
  });

  it('shows counts and a working search box when the index is healthy', () => {
    const s = services({});
    const stream = render(s, <MessageStream room={{ ...ROOM, message_count: 3 }} />);
    expect(stream).toContain('3 messages');
    expect(stream).not.toContain('history unavailable');
    const search = /<input type="search"[^>]*>/.exec(stream)?.[0] ?? '';
    expect(search).not.toContain('disabled');
    expect(render(s, <RoomCount room={{ ...ROOM, message_count: 1200 }} />)).toBe('1,200 msgs');
    expect(render(s, <FailureBanner />)).toBe('');
    expect(searchResultNote('room', false, undefined).caveat).toBe(
      'index still building: results may be incomplete',
    );
  });
});

describe('search scope', () => {
  it('says which scope it searches: this room by default, all rooms when chosen', () => {
    const s = services({});
    const stream = render(s, <MessageStream room={ROOM} />);
    const search = /<input type="search"[^>]*>/.exec(stream)?.[0] ?? '';
    expect(search).toContain('placeholder="search this room…"');
    expect(search).toContain('aria-label="Search messages in this room"');
    expect(stream).not.toContain('search all messages');
    // The scope choice, with "this room" on.
    expect(stream).toMatch(
      /role="radiogroup" aria-label="Search scope"><button[^>]*aria-checked="true"[^>]*>this room<\/button><button[^>]*aria-checked="false"[^>]*>all rooms<\/button>/,
    );
    expect(searchPlaceholder('all', undefined)).toBe('search all rooms…');
    expect(searchResultNote('room', true, undefined)).toEqual({
      where: 'in this room',
      caveat: undefined,
    });
    expect(searchResultNote('all', true, undefined).where).toBe('in all rooms');
  });
});
