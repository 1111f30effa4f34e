import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeReply } from '../../core/api/bridge.ts';
import type { MonitorService } from '../../core/api/contract.ts';
import { acquireLease } from '../../core/leases/index.ts';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../../electron/ipc-channels.ts';
import { createIpcTransport, type IpcTransport } from '../../electron/ipc-transport.ts';
import { FakeContents, FakeIpcMain, fakeFrame } from './support/fake-ipc.ts';
import { startEngine, until } from './support/engine.ts';
import { spyService } from './support/spy-service.ts';

let engine: Awaited<ReturnType<typeof startEngine>>;
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(async () => {
  await engine.close();
});

let transport: IpcTransport | undefined;
afterEach(() => {
  transport?.close();
  transport = undefined;
});

function setup(service: MonitorService | undefined = engine.monitor) {
  const ipcMain = new FakeIpcMain();
  const contents = new FakeContents();
  const refused: string[] = [];
  transport = createIpcTransport({
    ipcMain,
    contents: () => contents,
    onRefused: (reason) => refused.push(reason),
  });
  transport.attach(service);
  const call = (method: unknown, input: unknown, event = contents.event()) =>
    ipcMain.invoke(CALL_CHANNEL, event, method, input) as Promise<BridgeReply>;
  return { ipcMain, contents, refused, call, transport };
}

describe('IPC transport: calls', () => {
  it('handles exactly one channel, and answers a call from our main frame through dispatch', async () => {
    const { ipcMain, call } = setup();
    expect([...ipcMain.handlers.keys()]).toEqual([CALL_CHANNEL]);
    const reply = await call('info', {});
    expect(reply).toMatchObject({ type: 'result', result: { transport: 'ipc', dir: engine.dir } });
    const snapshot = await call('snapshot', {});
    expect(snapshot).toMatchObject({ type: 'result', result: { status: { state: 'ready' } } });
  });

  it('rejects any other channel (nothing else is handled)', async () => {
    const { ipcMain, contents } = setup();
    await expect(ipcMain.invoke('baton:other', contents.event(), 'info', {})).rejects.toThrow(
      /No handler/,
    );
    await expect(ipcMain.invoke(EVENT_CHANNEL, contents.event(), 'info', {})).rejects.toThrow(
      /No handler/,
    );
  });

  it.each([
    [
      'another webContents',
      (c: FakeContents) => ({ sender: new FakeContents(), senderFrame: c.mainFrame }),
    ],
    [
      'a subframe of our window',
      (c: FakeContents) => c.event(fakeFrame('app://baton/index.html', { parent: c.mainFrame })),
    ],
    [
      'a frame that is not our main frame',
      (c: FakeContents) => c.event(fakeFrame('app://baton/index.html')),
    ],
    [
      'our main frame showing another origin',
      (c: FakeContents) => {
        c.mainFrame = fakeFrame('https://evil.example/');
        return c.event();
      },
    ],
    [
      'our main frame showing file://',
      (c: FakeContents) => {
        c.mainFrame = fakeFrame('file:///work/main/renderer/dist/index.html');
        return c.event();
      },
    ],
    ['a frame that is gone (senderFrame null)', (c: FakeContents) => c.event(null)],
    [
      'a destroyed window',
      (c: FakeContents) => {
        c.destroyed = true;
        return c.event();
      },
    ],
  ])('refuses a call from %s before any handler runs', async (_label, makeEvent) => {
    const spy = spyService(engine.monitor);
    const { contents, call, refused } = setup(spy);
    const reply = await call('snapshot', {}, makeEvent(contents));
    expect(reply).toMatchObject({ type: 'error', error: { code: 'unauthorized' } });
    expect(spy.total()).toBe(0);
    expect(refused).toHaveLength(1);
  });

  it('rejects an unknown method with unknown_request before any handler runs', async () => {
    const spy = spyService(engine.monitor);
    const { call } = setup(spy);
    for (const method of ['deleteEverything', '__proto__', 'constructor', 42, undefined]) {
      const reply = await call(method, {});
      expect(reply).toMatchObject({ type: 'error', error: { code: 'unknown_request' } });
    }
    expect(spy.total()).toBe(0);
  });

  it('rejects input that does not fit the schema with bad_request before any handler runs', async () => {
    const spy = spyService(engine.monitor);
    const { call } = setup(spy);
    const bad: Array<[string, unknown]> = [
      ['roomMessages', { room: 42 }],
      ['roomMessages', { room: 'task/t/r', limit: 100_000 }],
      ['search', { query: '' }],
      ['releaseLease', { expected_token: 't' }],
      ['declineHandoff', { id: 'h', reason: '' }],
      ['postMessage', { room: 'task/t/r', body: 'x', kind: 'not-a-kind' }],
      ['timeline', 'not an object'],
    ];
    for (const [method, input] of bad) {
      const reply = await call(method, input);
      expect(reply, method).toMatchObject({ type: 'error', error: { code: 'bad_request' } });
    }
    expect(spy.total()).toBe(0);
  });

  it('carries a handler failure as an internal error frame, and unavailable without an engine', async () => {
    const failing: MonitorService = {
      handlers: {
        ...engine.monitor.handlers,
        snapshot: () => Promise.reject(new Error('disk on fire')),
      },
      on: (event, listener) => engine.monitor.on(event, listener),
    };
    const { call, transport: t } = setup(failing);
    expect(await call('snapshot', {})).toMatchObject({
      type: 'error',
      error: { code: 'internal', message: expect.stringContaining('disk on fire') },
    });
    t.attach(undefined);
    expect(await call('info', {})).toMatchObject({ type: 'error', error: { code: 'unavailable' } });
  });

  it('stops handling after close', async () => {
    const { ipcMain, contents, transport: t } = setup();
    t.close();
    transport = undefined;
    expect(ipcMain.handlers.size).toBe(0);
    await expect(ipcMain.invoke(CALL_CHANNEL, contents.event(), 'info', {})).rejects.toThrow(
      /No handler/,
    );
  });
});

describe('IPC transport: events', () => {
  it('pushes deltas of the attached engine to our window on the event channel only', async () => {
    const { contents } = setup();
    acquireLease(engine.dir, 'src/events.ts', { ttl_ms: 60_000, owner: { id: 'a1' } });
    await until(
      () =>
        contents.sent.some(
          (m) => m.args[0] === 'delta' && JSON.stringify(m.args[1]).includes('src/events.ts'),
        ),
      8000,
      'a delta with the new lease',
    );
    expect(new Set(contents.sent.map((m) => m.channel))).toEqual(new Set([EVENT_CHANNEL]));
    for (const message of contents.sent) expect(['delta', 'status']).toContain(message.args[0]);
  });

  it('follows the engine it is attached to, and sends nothing to a page that is not ours', async () => {
    const other = await startEngine();
    try {
      const { contents, transport: t } = setup();
      t.attach(other.monitor);
      acquireLease(engine.dir, 'src/old-engine.ts', { ttl_ms: 60_000, owner: { id: 'a1' } });
      acquireLease(other.dir, 'src/new-engine.ts', { ttl_ms: 60_000, owner: { id: 'a1' } });
      await until(
        () => JSON.stringify(contents.sent).includes('src/new-engine.ts'),
        8000,
        'the new engine delta',
      );
      await engine.monitor.idle();
      expect(JSON.stringify(contents.sent)).not.toContain('src/old-engine.ts');

      contents.sent.length = 0;
      contents.mainFrame = fakeFrame('https://evil.example/');
      acquireLease(other.dir, 'src/hidden.ts', { ttl_ms: 60_000, owner: { id: 'a1' } });
      await other.monitor.idle();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(contents.sent).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
