import net from 'node:net';
import { TcpProxy } from './tcp-proxy.util';

function echoServer(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = net.createServer((socket) => socket.pipe(socket));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}

function roundTrip(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    socket.once('data', (data) => {
      resolve(data.toString());
      socket.destroy();
    });
    socket.once('error', reject);
    socket.once('close', () => reject(new Error('closed')));
  });
}

describe(TcpProxy.name, () => {
  it('passes bytes through, refuses while cut and works again once restored', async () => {
    const echo = await echoServer();
    const sut = new TcpProxy(echo.port);
    const port = await sut.listen();
    try {
      expect(await roundTrip(port, 'hello')).toBe('hello');
      sut.cut();
      await expect(roundTrip(port, 'during')).rejects.toThrow();
      sut.restore();
      expect(await roundTrip(port, 'after')).toBe('after');
    } finally {
      await sut.close();
      await echo.close();
    }
  });

  it('closes open connections when cut', async () => {
    const echo = await echoServer();
    const sut = new TcpProxy(echo.port);
    const port = await sut.listen();
    try {
      const socket = net.connect(port, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.on('error', () => undefined);
      sut.cut();
      await expect(closed).resolves.toBeDefined();
    } finally {
      await sut.close();
      await echo.close();
    }
  });
});
