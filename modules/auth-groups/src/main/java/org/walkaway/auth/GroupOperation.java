package org.walkaway.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.walkaway.auth.internal.DagCbor;
import org.walkaway.auth.internal.TokenException;
import org.walkaway.core.Body;
import org.walkaway.core.Bytes;
import org.walkaway.core.Event;
import org.walkaway.core.Hash;
import org.walkaway.core.PublicKey;
import org.walkaway.core.Rejection;
import org.walkaway.core.Verdict;

/**
 * One signed change to a group, with its causal dependencies.
 *
 * <p>On the wire a group operation is an ordinary event in a log of group operations: the body is
 * the action in canonical DAG-CBOR ({@link #encodeAction}), the id is the event id, and the
 * dependencies are the header's {@code previous} ids plus its backlink (the author's previous
 * group operation). Dependencies must name group operations only. {@link #fromEvent} reads one.
 *
 * <p>{@link #synthetic} makes an unsigned operation whose id is BLAKE3 of its encoding, for tests and
 * simulations of the CRDT (signing costs about 70 µs an event).
 *
 * @param id the operation's id (the event id)
 * @param author the key that signed it
 * @param previous the operations it causally follows, ascending, without duplicates
 * @param action what it does
 */
public record GroupOperation(Hash id, PublicKey author, List<Hash> previous, GroupAction action) {
  private static final int MAX_DEPTH = 8;

  public GroupOperation {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(action, "action");
    previous = List.copyOf(new TreeSet<>(Objects.requireNonNull(previous, "previous")));
    if (previous.contains(id)) {
      throw new IllegalArgumentException("an operation cannot depend on itself");
    }
  }

  /** An unsigned operation whose id is BLAKE3 of (author, previous, action). */
  public static GroupOperation synthetic(PublicKey author, List<Hash> previous, GroupAction action) {
    List<Ipld> deps = new ArrayList<>();
    new TreeSet<>(previous).forEach(h -> deps.add(new Ipld.Blob(h.bytes())));
    byte[] encoded = DagCbor.encode(new Ipld.Seq(List.of(
        new Ipld.Blob(author.bytes()), new Ipld.Seq(deps), actionIpld(action))));
    return new GroupOperation(Hash.of(encoded), author, previous, action);
  }

  /** Reads the group operation an event carries: its body is the action. */
  public static Verdict<GroupOperation> fromEvent(Event event) {
    if (event.body().isEmpty()) {
      return Verdict.rejected(Rejection.Reason.REFUSED, "a group operation needs its body");
    }
    Verdict<GroupAction> action = decodeAction(event.body().get().bytes());
    List<Hash> deps = new ArrayList<>(event.header().previous());
    event.header().backlink().ifPresent(deps::add);
    return action.map(a -> new GroupOperation(event.id(), event.author(), deps, a));
  }

  /** The group this operation changes; for a {@link GroupAction.Create}, its own id. */
  public Hash group() {
    return switch (action) {
      case GroupAction.Create c -> id;
      case GroupAction.Add a -> a.group();
      case GroupAction.Remove r -> r.group();
      case GroupAction.Promote p -> p.group();
      case GroupAction.Demote d -> d.group();
    };
  }

  /** The body of an event carrying {@code action}. */
  public static Body encodeAction(GroupAction action) {
    return Body.of(DagCbor.encode(actionIpld(action)));
  }

  /** Decodes a body written by {@link #encodeAction}; anything else is refused. */
  public static Verdict<GroupAction> decodeAction(Bytes body) {
    try {
      Ipld value = DagCbor.decode(body.toArray(), MAX_DEPTH);
      if (!(value instanceof Ipld.Dict dict) || !(dict.entries().get("op") instanceof Ipld.Text op)) {
        return refused("a group action is a map with an \"op\"");
      }
      Map<String, Ipld> e = dict.entries();
      if (op.value().equals("create")) {
        if (e.size() != 2 || !(e.get("members") instanceof Ipld.Seq list)) {
          return refused("create needs exactly \"op\" and \"members\"");
        }
        TreeMap<Member, Access> members = new TreeMap<>();
        for (Ipld item : list.items()) {
          if (!(item instanceof Ipld.Seq pair) || pair.items().size() != 2) {
            return refused("a founding member is [member, access]");
          }
          Member member = member(pair.items().get(0));
          Access access = access(pair.items().get(1));
          if (member == null || access == null || members.put(member, access) != null) {
            return refused("a founding member is malformed or repeated");
          }
        }
        return Verdict.accepted(new GroupAction.Create(members));
      }
      boolean needsAccess = !op.value().equals("remove");
      if (e.size() != (needsAccess ? 4 : 3) || !(e.get("group") instanceof Ipld.Blob g) || g.value().length() != Hash.LENGTH) {
        return refused("\"" + op.value() + "\" needs a 32-byte group, a member" + (needsAccess ? " and an access" : ""));
      }
      Hash group = new Hash(g.value());
      Member member = member(e.get("member"));
      Access access = needsAccess ? access(e.get("access")) : Access.PULL;
      if (member == null || access == null) {
        return refused("malformed member or access in \"" + op.value() + "\"");
      }
      return switch (op.value()) {
        case "add" -> Verdict.accepted(new GroupAction.Add(group, member, access));
        case "remove" -> Verdict.accepted(new GroupAction.Remove(group, member));
        case "promote" -> Verdict.accepted(new GroupAction.Promote(group, member, access));
        case "demote" -> Verdict.accepted(new GroupAction.Demote(group, member, access));
        default -> refused("unknown group action \"" + op.value() + "\"");
      };
    } catch (TokenException | IllegalArgumentException e) {
      return refused("a group action is not canonical DAG-CBOR: " + e.getMessage());
    }
  }

  private static <T> Verdict<T> refused(String message) {
    return Verdict.rejected(Rejection.Reason.REFUSED, message);
  }

  private static Member member(Ipld value) {
    if (value instanceof Ipld.Seq pair && pair.items().size() == 2
        && pair.items().get(0) instanceof Ipld.Text kind && pair.items().get(1) instanceof Ipld.Blob b
        && b.value().length() == 32) {
      return switch (kind.value()) {
        case "key" -> Member.key(new PublicKey(b.value()));
        case "group" -> Member.group(new Hash(b.value()));
        default -> null;
      };
    }
    return null;
  }

  private static Access access(Ipld value) {
    if (value instanceof Ipld.Text t) {
      for (Access a : Access.values()) {
        if (a.name().toLowerCase(java.util.Locale.ROOT).equals(t.value())) {
          return a;
        }
      }
    }
    return null;
  }

  private static Ipld memberIpld(Member member) {
    return switch (member) {
      case Member.Key k -> new Ipld.Seq(List.of(new Ipld.Text("key"), new Ipld.Blob(k.key().bytes())));
      case Member.Group g -> new Ipld.Seq(List.of(new Ipld.Text("group"), new Ipld.Blob(g.id().bytes())));
    };
  }

  private static Ipld accessIpld(Access access) {
    return new Ipld.Text(access.name().toLowerCase(java.util.Locale.ROOT));
  }

  private static Ipld actionIpld(GroupAction action) {
    return switch (action) {
      case GroupAction.Create c -> {
        List<Ipld> members = new ArrayList<>();
        c.members().forEach((m, a) -> members.add(new Ipld.Seq(List.of(memberIpld(m), accessIpld(a)))));
        yield Ipld.Dict.of(Map.of("op", new Ipld.Text("create"), "members", new Ipld.Seq(members)));
      }
      case GroupAction.Add a -> change("add", a.group(), a.member(), a.access());
      case GroupAction.Remove r -> Ipld.Dict.of(Map.of("op", new Ipld.Text("remove"),
          "group", new Ipld.Blob(r.group().bytes()), "member", memberIpld(r.member())));
      case GroupAction.Promote p -> change("promote", p.group(), p.member(), p.access());
      case GroupAction.Demote d -> change("demote", d.group(), d.member(), d.access());
    };
  }

  private static Ipld change(String op, Hash group, Member member, Access access) {
    return Ipld.Dict.of(Map.of("op", new Ipld.Text(op), "group", new Ipld.Blob(group.bytes()),
        "member", memberIpld(member), "access", accessIpld(access)));
  }

  @Override
  public String toString() {
    return "GroupOperation[" + id.toHex().substring(0, 8) + " by " + author.toHex().substring(0, 8) + " " + action + "]";
  }
}
