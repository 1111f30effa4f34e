import type { MenuItemConstructorOptions } from 'electron';

export interface AppMenuOptions {
  platform: string;
  /** Recent directories, most recent first. */
  recentDirs: readonly string[];
  /** The directory being watched (checked in Open Recent). */
  currentDir: string | undefined;
  /** Show the developer tools entry (unpackaged builds only). */
  devTools: boolean;
  openDirectory(): void;
  openRecent(dir: string): void;
  clearRecent(): void;
}

/**
 * The application menu. The directory chooser lives here (File > Open Directory…, Open Recent)
 * because the contract has no request for it: choosing a directory is the shell's job, and it
 * restarts the engine. Built as a plain template so a unit test can read it without Electron.
 *
 * @example
 * Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate({ platform: process.platform, … })));
 */
export function appMenuTemplate(options: AppMenuOptions): MenuItemConstructorOptions[] {
  const mac = options.platform === 'darwin';
  const recent: MenuItemConstructorOptions[] =
    options.recentDirs.length === 0
      ? [{ label: 'No recent directories', enabled: false }]
      : [
          ...options.recentDirs.map((dir): MenuItemConstructorOptions => ({
            label: dir,
            type: 'checkbox',
            checked: dir === options.currentDir,
            click: () => options.openRecent(dir),
          })),
          { type: 'separator' },
          { label: 'Clear Recent', click: () => options.clearRecent() },
        ];
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      {
        label: 'Open Directory…',
        accelerator: 'CmdOrCtrl+O',
        click: () => options.openDirectory(),
      },
      { label: 'Open Recent', submenu: recent },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  const view: MenuItemConstructorOptions = {
    label: 'View',
    submenu: [
      { role: 'reload' },
      ...(options.devTools ? [{ role: 'toggleDevTools' } as const] : []),
      { type: 'separator' },
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };
  return [
    ...(mac ? [{ role: 'appMenu' } as const] : []),
    file,
    { role: 'editMenu' },
    view,
    { role: 'windowMenu' },
  ];
}
