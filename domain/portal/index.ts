export {
  checkSignInToken,
  createSignInLinks,
  hashPortalToken,
  normaliseEmail,
  redeemSignInToken,
  sameToken,
  type RedeemResult,
  type SignInLink,
} from './sign-in';
export { createPortalSessionStore, type PortalSession, type PortalSessionStore } from './sessions';
export { ownBillDocumentKey, ownContractIds, portalOverview, type PortalAddress, type PortalOverview } from './view';
