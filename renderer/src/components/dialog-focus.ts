/**
 * Focus around a modal dialog. The browser returns focus to whatever had it when the dialog
 * opened, but an action often removes that element (the released row, the detail's "Accept…"
 * button), and focus then falls to <body>, where the keyboard does nothing. So: remember the
 * invoker, and on close go back to it if it is still on screen, else to the view's list.
 */

/** The element that had focus as the dialog opens (call before showModal). */
export function focusedElement(): HTMLElement | null {
  const active = document.activeElement;
  return active instanceof HTMLElement && active !== document.body ? active : null;
}

/** After the dialog closed: the invoker if it still exists and can take focus, else the list. */
export function restoreFocus(invoker: HTMLElement | null): void {
  if (invoker?.isConnected && !invoker.matches(':disabled')) {
    invoker.focus();
    if (document.activeElement === invoker) return;
  }
  const fallback =
    document.querySelector<HTMLElement>('main [role=grid]') ??
    document.querySelector<HTMLElement>('main [tabindex]');
  fallback?.focus();
}
