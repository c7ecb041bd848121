export {
  createMailer,
  MailDeliveryError,
  MailInProgressError,
  type Mailer,
  type MailerOptions,
  type OutgoingMail,
  type SendOnceResult,
} from './mailer';
