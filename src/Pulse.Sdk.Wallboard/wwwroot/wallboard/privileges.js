// The Pulse privilege ladder: each privilege includes the ones before it.
const LADDER = ['ViewDashboardRestricted', 'ViewDashboard', 'ManageTabs', 'EditWidgetDisplay', 'ManageWidgets', 'ManageSharedDashboards', 'ManageTemplates'];

/** Whether a session ({ privileges: [...] }) has a privilege, directly or through a higher rung of the ladder. */
export function hasPrivilege(session, privilege) {
  const held = session?.privileges ?? [];
  if (held.includes(privilege)) return true;
  const rung = LADDER.indexOf(privilege);
  return rung >= 0 && held.some((p) => LADDER.indexOf(p) > rung);
}
