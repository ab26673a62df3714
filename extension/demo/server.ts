/**
 * The demo case systems, served on 127.0.0.1 by Node's own HTTP server (no dependencies): a
 * community treatment provider's client list and a prison release list, on two ports, so two
 * origins, as two real case systems would be. Both show the synthetic people of
 * extension/demo/data.ts, the same people the dashboard imports from the CSVs `writeDemoCsvs`
 * writes.
 *
 *   npm run demo:sites -- [--seed N] [--people N] [--as-of yyyy-mm-dd]
 *                         [--treatment-port N] [--releases-port N] [--out DIR]
 *
 * Port 0 (the default for `startDemoSites`) takes a free port, as the tests do.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { type DemoDataOptions, demoData, writeDemoCsvs } from './data';
import { pageSize, releasesPage, treatmentPage } from './pages';

export interface DemoSitesOptions extends DemoDataOptions {
  /** 0 (the default) for a free port. */
  ports?: { treatment?: number; releases?: number };
}

export interface DemoSites {
  /** The client list's first page, e.g. http://127.0.0.1:41234/clients */
  treatmentUrl: string;
  /** The release list, e.g. http://127.0.0.1:41235/releases */
  releasesUrl: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

type Handler = (url: URL) => { status: number; body: string; type?: string; location?: string };

function serve(handler: Handler): Server {
  return createServer((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', `http://${HOST}`);
    const { status, body, type = 'text/html; charset=utf-8', location } = handler(url);
    response.writeHead(status, {
      'content-type': type,
      'cache-control': 'no-store',
      ...(location ? { location } : {}),
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
}

const notFound = { status: 404, body: 'Not found', type: 'text/plain; charset=utf-8' };

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve((server.address() as AddressInfo).port));
  });
}

const close = (server: Server): Promise<void> =>
  new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** Starts both demo sites; `close()` stops them. */
export async function startDemoSites(options: DemoSitesOptions = {}): Promise<DemoSites> {
  const data = demoData(options);
  const treatment = serve((url) => {
    if (url.pathname === '/') return { status: 302, body: '', location: '/clients' };
    if (url.pathname !== '/clients') return notFound;
    const page = Number(url.searchParams.get('page') ?? '1');
    return {
      status: 200,
      body: treatmentPage(data.treatment, {
        page: Number.isInteger(page) ? page : 1,
        size: pageSize(url.searchParams),
      }),
    };
  });
  const releases = serve((url) => {
    if (url.pathname === '/') return { status: 302, body: '', location: '/releases' };
    if (url.pathname !== '/releases') return notFound;
    return { status: 200, body: releasesPage(data.releases, { size: pageSize(url.searchParams) }) };
  });
  const servers = [treatment, releases];
  try {
    const treatmentPort = await listen(treatment, options.ports?.treatment ?? 0);
    const releasesPort = await listen(releases, options.ports?.releases ?? 0);
    return {
      treatmentUrl: `http://${HOST}:${treatmentPort}/clients`,
      releasesUrl: `http://${HOST}:${releasesPort}/releases`,
      close: async () => {
        await Promise.all(servers.map(close));
      },
    };
  } catch (error) {
    await Promise.all(servers.filter((s) => s.listening).map(close));
    throw error;
  }
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      seed: { type: 'string' },
      people: { type: 'string' },
      'as-of': { type: 'string' },
      'treatment-port': { type: 'string' },
      'releases-port': { type: 'string' },
      out: { type: 'string' },
    },
  });
  const number = (name: string, text: string | undefined): number | undefined => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a whole number, not "${text}"`);
    return n;
  };
  const options: DemoSitesOptions = {
    seed: number('seed', values.seed),
    people: number('people', values.people),
    asOf: values['as-of'],
    ports: {
      treatment: number('treatment-port', values['treatment-port']) ?? 4601,
      releases: number('releases-port', values['releases-port']) ?? 4602,
    },
  };
  const out = values.out ?? 'out/demo-sites';
  const files = writeDemoCsvs(out, options);
  const sites = await startDemoSites(options);
  const { asOf, seed } = demoData(options);
  console.log(`Demo case systems (synthetic people, seed ${seed}, as of ${asOf}):`);
  console.log(`  community treatment client list  ${sites.treatmentUrl}`);
  console.log(`  prison release list              ${sites.releasesUrl}`);
  console.log(
    'Import these into the dashboard (Import), link them, then enable both sites under Case systems:',
  );
  console.log(`  ${files.releases}  (Prison releases)`);
  console.log(`  ${files.treatment}  (Community treatment)`);
  console.log('Ctrl+C stops the sites.');
  const stop = () => void sites.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
