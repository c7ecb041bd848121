/**
 * Security headers for every answer (@fastify/helmet) with a Content-Security-Policy that the
 * three apps, the login page and the customer pages live within: scripts only from this origin
 * (page state travels as a JSON data block), inline styles allowed (bpmn-js and form-js set style
 * attributes), images also as data: URLs (diagram icons). And `Cache-Control: no-store` on every
 * answer that does not say otherwise, so personal data and documents stay out of shared caches.
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  workerSrc: ["'self'", 'blob:'],
  // Served over plain HTTP on loopback by default; a TLS proxy in front decides on upgrades.
  upgradeInsecureRequests: null,
};

export async function installSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    // HSTS belongs to whoever terminates TLS; on plain HTTP it would only confuse browsers.
    strictTransportSecurity: false,
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
