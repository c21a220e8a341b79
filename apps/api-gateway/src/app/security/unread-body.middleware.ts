import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** How long the rest of a refused request may take to arrive before its connection is cut. */
export const UNREAD_BODY_GRACE_MS = 5000;

/**
 * When the gateway answers before it has read the request body (401, 413, 429, 503 ...), the
 * client is usually still sending. Closing at once makes it see a reset instead of the answer;
 * reading forever lets anyone make the gateway swallow unlimited bytes. So the rest is read
 * and discarded, at most `limitBytes` of it and for at most `graceMs`; beyond either, the
 * connection is destroyed.
 */
export function drainUnreadBodies(limitBytes: number, graceMs = UNREAD_BODY_GRACE_MS) {
  return (req: Request, res: Response, next: NextFunction): void => {
    res.once('finish', () => {
      if (req.complete || req.destroyed) return;
      let drained = 0;
      const cut = () => {
        clearTimeout(timer);
        req.socket.destroy();
      };
      const timer = setTimeout(cut, graceMs);
      timer.unref();
      req.unpipe();
      req.removeAllListeners('data');
      req.on('data', (chunk: Buffer) => {
        drained += chunk.length;
        if (drained > limitBytes) cut();
      });
      req.once('end', () => clearTimeout(timer));
      req.once('close', () => clearTimeout(timer));
      req.resume();
    });
    next();
  };
}

/**
 * `Expect: 100-continue`: the client waits for a go before sending its body. Node says yes to
 * every such request; the gateway says it only when the announced length fits, so that an
 * oversized upload is answered 413 by the usual pipeline before a byte of it was sent.
 */
export function continueOnlyWithinLimit(server: Server, limitBytes: number): void {
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const length = Number(req.headers['content-length'] ?? '0');
    if (!(length > limitBytes)) res.writeContinue();
    server.emit('request', req, res);
  });
}
