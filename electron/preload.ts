// The preload of the Baton window. It runs sandboxed, where `require` knows only a few modules
// (electron among them), so scripts/build-electron.mjs bundles it to ONE CommonJS file.
// One of the two files lint allows to import ipcRenderer/ipcMain (the other: ipc-transport.ts).
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge-api.ts';

contextBridge.exposeInMainWorld('batonBridge', createBridge(ipcRenderer, process.platform));
