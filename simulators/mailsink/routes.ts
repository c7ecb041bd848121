import type { FastifyPluginAsync } from 'fastify';
import type { MailSink } from './sink';
import { mailsToJson, mailToJson, renderMailListHtml } from './views';

/**
 * The mail sink's web page and JSON API. Register without a prefix: the routes are under /mail.
 * GET /mail, GET /mail/api/messages, GET /mail/api/messages/:id,
 * GET /mail/api/messages/:id/attachments/:index, DELETE /mail/api/messages.
 */
export function mailSinkRoutes(sink: MailSink): FastifyPluginAsync {
  return async (app) => {
    app.get('/mail', async (_req, reply) => reply.type('text/html; charset=utf-8').send(renderMailListHtml(sink.list())));
    app.get('/mail/api/messages', async () => mailsToJson(sink.list()));
    app.delete('/mail/api/messages', async (_req, reply) => {
      sink.clear();
      return reply.code(204).send();
    });
    app.get<{ Params: { id: string } }>('/mail/api/messages/:id', async (req, reply) => {
      const m = sink.get(req.params.id);
      return m ? mailToJson(m) : reply.code(404).send({ error: 'mail not found' });
    });
    app.get<{ Params: { id: string; index: string } }>('/mail/api/messages/:id/attachments/:index', async (req, reply) => {
      const a = sink.get(req.params.id)?.attachments[Number(req.params.index)];
      if (!a) return reply.code(404).send({ error: 'attachment not found' });
      return reply
        .type(a.contentType)
        .header(
          'content-disposition',
          `inline; filename="${a.filename.replace(/[^\w.\- ]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(a.filename)}`,
        )
        .send(a.content);
    });
  };
}
