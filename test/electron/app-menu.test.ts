import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { appMenuTemplate, type AppMenuOptions } from '../../electron/app-menu.ts';

function options(overrides: Partial<AppMenuOptions> = {}) {
  const calls: string[] = [];
  const base: AppMenuOptions = {
    platform: 'linux',
    recentDirs: ['/srv/a', '/srv/b'],
    currentDir: '/srv/b',
    devTools: false,
    openDirectory: () => calls.push('open'),
    openRecent: (dir) => calls.push(`recent ${dir}`),
    clearRecent: () => calls.push('clear'),
    ...overrides,
  };
  return { base, calls };
}

function submenu(item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  return Array.isArray(item?.submenu) ? item.submenu : [];
}

function click(item: MenuItemConstructorOptions | undefined): void {
  (item?.click as (() => void) | undefined)?.();
}

describe('application menu', () => {
  it('File offers Open Directory… (Ctrl/Cmd+O) and the recent directories', () => {
    const { base, calls } = options();
    const template = appMenuTemplate(base);
    const file = template.find((m) => m.label === 'File');
    const open = submenu(file).find((m) => m.label === 'Open Directory…');
    expect(open?.accelerator).toBe('CmdOrCtrl+O');
    click(open);
    const recent = submenu(submenu(file).find((m) => m.label === 'Open Recent'));
    expect(recent.filter((m) => m.type === 'checkbox').map((m) => [m.label, m.checked])).toEqual([
      ['/srv/a', false],
      ['/srv/b', true],
    ]);
    click(recent[0]);
    click(recent.find((m) => m.label === 'Clear Recent'));
    expect(calls).toEqual(['open', 'recent /srv/a', 'clear']);
  });

  it('says so when there are no recent directories', () => {
    const file = appMenuTemplate(options({ recentDirs: [] }).base).find((m) => m.label === 'File');
    expect(submenu(submenu(file).find((m) => m.label === 'Open Recent'))).toEqual([
      { label: 'No recent directories', enabled: false },
    ]);
  });

  it('has the macOS app menu only on macOS, developer tools only when asked', () => {
    const linux = JSON.stringify(appMenuTemplate(options().base));
    expect(linux).not.toContain('appMenu');
    expect(linux).not.toContain('toggleDevTools');
    const mac = JSON.stringify(
      appMenuTemplate(options({ platform: 'darwin', devTools: true }).base),
    );
    expect(mac).toContain('appMenu');
    expect(mac).toContain('toggleDevTools');
  });
});
