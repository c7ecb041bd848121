export * from './types';
export { postDocument, postDocuments, loadDocument, loadByKeys } from './post';
export { clear, clearMany, resetClearing, clearingsOf, clearAccount, settle, type ClearingInput, type Clearing } from './clearing';
export { reverseDocument } from './reverse';
export { openItems, accountBalance, receivableTotal, type AccountBalance, type AccountItem, type ItemClearing } from './balance';
