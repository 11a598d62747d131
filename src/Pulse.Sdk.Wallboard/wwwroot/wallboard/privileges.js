// The session's privileges are the server's, the ladder already expanded (UserPermissions.Privileges):
// holding ManageWidgets lists ViewDashboard too, so a plain lookup answers as the server's checks do.

/** Whether a session ({ privileges: [...] }) has a privilege. */
export function hasPrivilege(session, privilege) {
  return (session?.privileges ?? []).includes(privilege);
}
