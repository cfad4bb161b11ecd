/** Must not compile: org.walkaway.auth.internal is not exported (BlackBoxModuleTest). */
module org.walkaway.auth.intruder {
  requires org.walkaway.auth;
}
