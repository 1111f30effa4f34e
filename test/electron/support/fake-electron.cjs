// A stand-in for the `electron` module, loaded by the BUNDLED main process (dist/electron/main.cjs)
// in plain Node, because the Electron binary cannot be downloaded on these machines. It records
// what main does (window options, protocol and IPC registrations, guards, menu, badge) and lets
// the test drive it over the child-process IPC channel: invoke a contract call from a chosen
// frame, fetch an app:// URL, try a navigation or window.open, ask a permission, quit.
// Loaded through ./use-fake-electron.cjs (node --require).
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose: it stands in for electron in a CommonJS main process */
'use strict';
const { EventEmitter } = require('node:events');

const report = (message) => process.send?.({ report: message });
const windows = [];
const ipcHandlers = new Map();
const protocolHandlers = new Map();
let permissionRequest;
let permissionCheck;
let isReady = false;
const ready = new Promise((resolve) =>
  setTimeout(() => {
    isReady = true;
    resolve();
  }, 20),
);

class FakeWebContents extends EventEmitter {
  constructor() {
    super();
    this.mainFrame = { url: '', processId: 4, routingId: 1, parent: null };
    this.windowOpenHandler = undefined;
  }
  isDestroyed() {
    return false;
  }
  send(channel, ...args) {
    report({ sent: { channel, name: args[0] } });
  }
  reload() {
    report({ reloaded: true });
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
}

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.webContents = new FakeWebContents();
    windows.push(this);
    app.emit('web-contents-created', {}, this.webContents);
    report({ window: options });
  }
  async loadURL(url) {
    this.webContents.mainFrame.url = url;
    report({ loaded: url });
    setImmediate(() => this.emit('ready-to-show'));
  }
  show() {}
  focus() {}
  isDestroyed() {
    return false;
  }
  isFocused() {
    return true;
  }
  isVisible() {
    return true;
  }
  setTitle(title) {
    report({ title });
  }
}

let quitting = false;
const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  whenReady: () => ready,
  getPath: (name) => `${process.env.FAKE_USER_DATA}/${name === 'userData' ? '' : name}`,
  enableSandbox: () => report({ enableSandbox: true }),
  setBadgeCount: (count) => {
    report({ badge: count });
    return true;
  },
  quit() {
    if (quitting) return;
    let prevented = false;
    app.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    quitting = true;
    // Exit only once the report is out: process.exit would drop a message still queued.
    process.send({ report: { quit: true } }, () => process.exit(0));
  },
  exit: (code) => process.exit(code),
});

module.exports = {
  app,
  BrowserWindow,
  dialog: {
    showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
    showMessageBox: async () => ({ response: 0 }),
    showErrorBox: (title, message) => report({ errorBox: `${title}: ${message}` }),
  },
  Menu: {
    buildFromTemplate: (template) => template,
    setApplicationMenu: (menu) => report({ menu: menu.map((m) => m.label ?? m.role) }),
  },
  Notification: class {
    static isSupported() {
      return true;
    }
    constructor(options) {
      this.options = options;
    }
    on() {}
    show() {
      report({ notification: this.options });
    }
  },
  protocol: {
    registerSchemesAsPrivileged: (schemes) => report({ schemes, beforeReady: !isReady }),
    handle: (scheme, handler) => protocolHandlers.set(scheme, handler),
  },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler) => (permissionRequest = handler),
      setPermissionCheckHandler: (handler) => (permissionCheck = handler),
    },
  },
  shell: { openExternal: async (url) => report({ openExternal: url }) },
  ipcMain: {
    handle: (channel, listener) => ipcHandlers.set(channel, listener),
    removeHandler: (channel) => ipcHandlers.delete(channel),
  },
};

/** A frame as the test names it, relative to the window's real main frame. */
function frameFor(kind, contents) {
  const main = contents.mainFrame;
  if (kind === 'main') return main;
  if (kind === 'sub')
    return { url: main.url, processId: main.processId, routingId: 99, parent: main };
  if (kind === 'gone') return null;
  return { url: kind, processId: main.processId, routingId: main.routingId, parent: null };
}

process.on('message', async (message) => {
  const reply = (value) => process.send?.({ id: message.id, value });
  const contents = windows[0]?.webContents;
  try {
    if (message.op === 'invoke') {
      const handler = ipcHandlers.get(message.channel);
      if (!handler) return reply({ thrown: `No handler registered for '${message.channel}'` });
      const sender = message.frame === 'other-window' ? new FakeWebContents() : contents;
      const event = {
        sender,
        senderFrame: frameFor(message.frame === 'other-window' ? 'main' : message.frame, contents),
      };
      return reply(await handler(event, message.method, message.input));
    }
    if (message.op === 'fetch') {
      const response = await protocolHandlers.get('app')({ url: message.url, method: 'GET' });
      return reply({
        status: response.status,
        csp: response.headers.get('content-security-policy'),
        body: (await response.text()).slice(0, 200),
      });
    }
    if (message.op === 'navigate') {
      let prevented = false;
      contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, message.url);
      return reply(prevented);
    }
    if (message.op === 'open') return reply(contents.windowOpenHandler({ url: message.url }));
    if (message.op === 'permission') {
      return permissionRequest(contents, 'media', (granted) =>
        reply({ granted, checked: permissionCheck(contents, 'media') }),
      );
    }
    if (message.op === 'quit') {
      reply(true);
      return app.quit();
    }
    reply({ thrown: `unknown op ${message.op}` });
  } catch (error) {
    reply({ thrown: String(error && error.stack ? error.stack : error) });
  }
});
