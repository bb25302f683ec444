/**
 * What the console says once a scope is added. A restricted scope is in the catalogue at once,
 * but authorize refuses it to every app until an operator approves it for that app.
 */
export function scopeAddedNotice(name: string, restricted: boolean): string {
  return restricted
    ? `Added ${name}, restricted: no app can request it until an operator approves it for that app (developers ask on their app's page; requests appear under Restricted scope requests). Every Gatehouse instance lists it within a second.`
    : `Added ${name}. Apps can request it now; every Gatehouse instance offers it within a second.`;
}
