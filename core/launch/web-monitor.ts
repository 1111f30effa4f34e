import fs from 'node:fs';
import type { Thresholds } from '../monitor/attention/thresholds.ts';
import { createMonitor, type Monitor } from '../monitor/create-monitor.ts';
import type { WatchMode } from '../monitor/watcher.ts';
import { startMonitorServer, type MonitorServer } from '../server/monitor-server.ts';

export interface WebMonitorOptions {
  dir: string;
  dataDir: string;
  /** The built renderer to serve; when it has no index.html only the API is served. */
  staticDir: string;
  port?: number;
  watch?: WatchMode;
  thresholds?: Partial<Thresholds>;
  onError?: (error: Error, context: string) => void;
}

export interface WebMonitor {
  monitor: Monitor;
  server: MonitorServer;
  /** `http://127.0.0.1:PORT/?token=…`: what the operator opens. */
  url: string;
  /** Stop the server (dropping its sockets) and then the engine. */
  close(): Promise<void>;
}

/**
 * Web mode: the monitor engine on `dir` served over loopback HTTP + WebSocket with the built UI.
 * What `baton monitor` runs, and `baton start` when no Electron binary is available. The data
 * directory is created when missing (the history index lives there).
 *
 * @example
 * const web = await startWebMonitor({ dir, dataDir: defaultDataDir(), staticDir: repoPaths().rendererDist });
 * console.log(web.url);
 */
export async function startWebMonitor(options: WebMonitorOptions): Promise<WebMonitor> {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const monitor = await createMonitor({
    dir: options.dir,
    dataDir: options.dataDir,
    ...(options.watch ? { watch: options.watch } : {}),
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  let server: MonitorServer;
  try {
    server = await startMonitorServer({
      service: monitor,
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(fs.existsSync(options.staticDir) ? { staticDir: options.staticDir } : {}),
    });
  } catch (error) {
    await monitor.close();
    throw error;
  }
  return {
    monitor,
    server,
    url: server.url,
    async close() {
      await server.close();
      await monitor.close();
    },
  };
}
