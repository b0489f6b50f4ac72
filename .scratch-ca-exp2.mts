import { createServer } from 'node:http';
import { Agent, fetch as f } from 'undici';
const s = createServer((req, res) => { res.end(req.socket.remoteAddress); });
await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
const port = (s.address() as any).port;
console.log('top-level', await (await f(`http://127.0.0.1:${port}/`, { dispatcher: new Agent({ localAddress: '127.0.0.2' } as any) })).text());
console.log('connect', await (await f(`http://127.0.0.1:${port}/`, { dispatcher: new Agent({ connect: { localAddress: '127.0.0.2' } as any }) })).text());
s.close();
