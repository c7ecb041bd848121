/**
 * A command stack change made by the user: execute, undo or redo. Opening a file clears the stack
 * (trigger 'clear'), which is not an edit. diagram-js, dmn-js' viewers and form-js share this event.
 */
export function isEdit(e: { trigger?: string | null }): boolean {
  return e.trigger === 'execute' || e.trigger === 'undo' || e.trigger === 'redo';
}
