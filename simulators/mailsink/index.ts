export {
  startMailSink,
  MailWaitTimeoutError,
  type MailSink,
  type MailSinkOptions,
  type CapturedMail,
  type CapturedAttachment,
} from './sink';
export { mailSinkRoutes } from './routes';
export { renderMailListHtml, mailToJson, mailsToJson } from './views';
