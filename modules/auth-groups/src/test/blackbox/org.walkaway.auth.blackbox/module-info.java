/**
 * A user of auth-groups from outside, through its exported API only (compiled and run by
 * {@code BlackBoxModuleTest} as a named module that requires org.walkaway.auth).
 */
module org.walkaway.auth.blackbox {
  requires org.walkaway.auth;

  exports org.walkaway.auth.blackbox;
}
