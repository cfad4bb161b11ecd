package org.walkaway.auth;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A UCAN policy ({@code pol}): statements that must all hold for an invocation's arguments.
 *
 * <p>Statements: {@code ==}, {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=}, {@code like}
 * (glob with {@code *}; {@code \*} is a literal star), {@code not}, {@code and}, {@code or} (an empty
 * {@code and} and an empty {@code or} are true), {@code all} and {@code any} over the items of a list
 * or the values of a map. Evaluation never throws: a selector that does not resolve, or an operand
 * of the wrong type, makes the statement false. Numbers compare by value across integer and float
 * ({@code 1 == 1.0}); {@code ==} on lists and maps is deep.
 */
public record Policy(List<Statement> statements) {
  public static final Policy ANY = new Policy(List.of());

  /** Defaults: nesting depth 16, 1024 statements in one policy. */
  public static final int DEFAULT_MAX_DEPTH = 16;
  public static final int DEFAULT_MAX_STATEMENTS = 1024;

  public Policy {
    statements = List.copyOf(statements);
  }

  public static Policy of(Statement... statements) {
    return new Policy(List.of(statements));
  }

  /** One statement of the policy language. */
  public sealed interface Statement {
    boolean holdsFor(Ipld args);
  }

  public record Equal(Selector selector, Ipld value) implements Statement {
    @Override
    public boolean holdsFor(Ipld args) {
      return selector.select(args).map(v -> sameValue(v, value)).orElse(false);
    }
  }

  public record NotEqual(Selector selector, Ipld value) implements Statement {
    @Override
    public boolean holdsFor(Ipld args) {
      return selector.select(args).map(v -> !sameValue(v, value)).orElse(false);
    }
  }

  public record LessThan(Selector selector, Ipld value) implements Statement {
    @Override
    public boolean holdsFor(Ipld args) {
      return compare(selector, args, value, c -> c < 0);
    }
  }

  public record LessOrEqual(Selector selector, Ipld value) implements Statement {
    @Override
    public boolean holdsFor(Ipld args) {
      return compare(selector, args, value, c -> c <= 0);
    }
  }

  public record GreaterThan(Selector selector, Ipld value) implements Statement {
    @Override
    public boolean holdsFor(Ipld args) {
      return compare(selector, args, value, c -> c > 0);
    }
  }

  public record GreaterOrEqual(Selector selector, Ipld value) implements Statement {
    @Override
    public boolean holdsFor(Ipld args) {
      return compare(selector, args, value, c -> c >= 0);
    }
  }

  public record Like(Selector selector, String pattern) implements Statement {
    @Override
    public boolean holdsFor(Ipld args) {
      return selector.select(args)
          .map(v -> v instanceof Ipld.Text t && glob(pattern, t.value()))
          .orElse(false);
    }
  }

  public record Not(Statement statement) implements Statement {
    @Override
    public boolean holdsFor(Ipld args) {
      return !statement.holdsFor(args);
    }
  }

  public record And(List<Statement> statements) implements Statement {
    public And {
      statements = List.copyOf(statements);
    }

    @Override
    public boolean holdsFor(Ipld args) {
      return statements.stream().allMatch(s -> s.holdsFor(args));
    }
  }

  public record Or(List<Statement> statements) implements Statement {
    public Or {
      statements = List.copyOf(statements);
    }

    @Override
    public boolean holdsFor(Ipld args) {
      // The UCAN policy fixtures pin an empty "or" as true.
      return statements.isEmpty() || statements.stream().anyMatch(s -> s.holdsFor(args));
    }
  }

  public record All(Selector selector, Statement statement) implements Statement {
    @Override
    public boolean holdsFor(Ipld args) {
      return items(selector, args).map(items -> items.stream().allMatch(statement::holdsFor)).orElse(false);
    }
  }

  public record Any(Selector selector, Statement statement) implements Statement {
    @Override
    public boolean holdsFor(Ipld args) {
      return items(selector, args).map(items -> items.stream().anyMatch(statement::holdsFor)).orElse(false);
    }
  }

  /** Whether every statement holds for {@code args}. */
  public boolean matches(Ipld args) {
    return statements.stream().allMatch(s -> s.holdsFor(args));
  }

  /** Reads a policy from its IPLD form with the default limits. */
  public static Decoded<Policy> read(Ipld ipld) {
    return read(ipld, DEFAULT_MAX_DEPTH, DEFAULT_MAX_STATEMENTS);
  }

  /** Reads a policy from its IPLD form, refusing deeper nesting or more statements than given. */
  public static Decoded<Policy> read(Ipld ipld, int maxDepth, int maxStatements) {
    try {
      int[] budget = {maxStatements};
      if (!(ipld instanceof Ipld.Seq seq)) {
        throw new PolicyException(ErrorName.MALFORMED_TOKEN, "a policy is a list of statements");
      }
      List<Statement> statements = new ArrayList<>();
      for (Ipld item : seq.items()) {
        statements.add(statement(item, 1, maxDepth, budget));
      }
      return new Decoded.Ok<>(new Policy(statements));
    } catch (PolicyException e) {
      return new Decoded.Failed<>(new UcanError(e.name, e.getMessage()));
    }
  }

  /** The IPLD form ({@code [["==", ".a", 1], …]}). */
  public Ipld toIpld() {
    return new Ipld.Seq(statements.stream().map(Policy::toIpld).toList());
  }

  private static final class PolicyException extends RuntimeException {
    private final ErrorName name;

    PolicyException(ErrorName name, String message) {
      super(message, null, false, false);
      this.name = name;
    }
  }

  private static PolicyException malformed(String message) {
    return new PolicyException(ErrorName.MALFORMED_TOKEN, message);
  }

  private static Statement statement(Ipld ipld, int depth, int maxDepth, int[] budget) {
    if (depth > maxDepth) {
      throw new PolicyException(ErrorName.POLICY_TOO_DEEP, "policy nested deeper than " + maxDepth);
    }
    if (--budget[0] < 0) {
      throw new PolicyException(ErrorName.POLICY_TOO_DEEP, "policy has too many statements");
    }
    if (!(ipld instanceof Ipld.Seq seq) || seq.items().isEmpty() || !(seq.items().get(0) instanceof Ipld.Text op)) {
      throw malformed("a statement is a list starting with its operator");
    }
    List<Ipld> a = seq.items();
    return switch (op.value()) {
      case "==", "!=", "<", "<=", ">", ">=" -> {
        arity(a, 3, op.value());
        Selector s = selector(a.get(1));
        Ipld v = a.get(2);
        boolean numeric = v instanceof Ipld.Int || v instanceof Ipld.Real;
        boolean ordering = !op.value().equals("==") && !op.value().equals("!=");
        if (ordering && !numeric) {
          throw malformed(op.value() + " compares numbers only");
        }
        yield switch (op.value()) {
          case "==" -> new Equal(s, v);
          case "!=" -> new NotEqual(s, v);
          case "<" -> new LessThan(s, v);
          case "<=" -> new LessOrEqual(s, v);
          case ">" -> new GreaterThan(s, v);
          default -> new GreaterOrEqual(s, v);
        };
      }
      case "like" -> {
        arity(a, 3, "like");
        if (!(a.get(2) instanceof Ipld.Text pattern)) {
          throw malformed("like takes a string pattern");
        }
        yield new Like(selector(a.get(1)), pattern.value());
      }
      case "not" -> {
        arity(a, 2, "not");
        yield new Not(statement(a.get(1), depth + 1, maxDepth, budget));
      }
      case "and", "or" -> {
        arity(a, 2, op.value());
        if (!(a.get(1) instanceof Ipld.Seq inner)) {
          throw malformed(op.value() + " takes a list of statements");
        }
        List<Statement> children = new ArrayList<>();
        for (Ipld child : inner.items()) {
          children.add(statement(child, depth + 1, maxDepth, budget));
        }
        yield op.value().equals("and") ? new And(children) : new Or(children);
      }
      case "all", "any" -> {
        arity(a, 3, op.value());
        Selector s = selector(a.get(1));
        Statement inner = statement(a.get(2), depth + 1, maxDepth, budget);
        yield op.value().equals("all") ? new All(s, inner) : new Any(s, inner);
      }
      default -> throw malformed("unknown policy operator " + op.value());
    };
  }

  private static void arity(List<Ipld> a, int size, String op) {
    if (a.size() != size) {
      throw malformed(op + " takes " + (size - 1) + " operands");
    }
  }

  private static Selector selector(Ipld ipld) {
    if (!(ipld instanceof Ipld.Text t)) {
      throw malformed("a selector is a string");
    }
    try {
      return Selector.parse(t.value());
    } catch (IllegalArgumentException e) {
      throw malformed(e.getMessage());
    }
  }

  private static Ipld toIpld(Statement statement) {
    return switch (statement) {
      case Equal s -> triple("==", s.selector(), s.value());
      case NotEqual s -> triple("!=", s.selector(), s.value());
      case LessThan s -> triple("<", s.selector(), s.value());
      case LessOrEqual s -> triple("<=", s.selector(), s.value());
      case GreaterThan s -> triple(">", s.selector(), s.value());
      case GreaterOrEqual s -> triple(">=", s.selector(), s.value());
      case Like s -> triple("like", s.selector(), new Ipld.Text(s.pattern()));
      case Not s -> new Ipld.Seq(List.of(new Ipld.Text("not"), toIpld(s.statement())));
      case And s -> new Ipld.Seq(List.of(new Ipld.Text("and"), new Ipld.Seq(s.statements().stream().map(Policy::toIpld).toList())));
      case Or s -> new Ipld.Seq(List.of(new Ipld.Text("or"), new Ipld.Seq(s.statements().stream().map(Policy::toIpld).toList())));
      case All s -> triple("all", s.selector(), toIpld(s.statement()));
      case Any s -> triple("any", s.selector(), toIpld(s.statement()));
    };
  }

  private static Ipld triple(String op, Selector selector, Ipld value) {
    return new Ipld.Seq(List.of(new Ipld.Text(op), new Ipld.Text(selector.text()), value));
  }

  private static Optional<List<Ipld>> items(Selector selector, Ipld args) {
    return selector.select(args).flatMap(v -> switch (v) {
      case Ipld.Seq s -> Optional.of(s.items());
      case Ipld.Dict d -> Optional.of(List.copyOf(d.entries().values()));
      default -> Optional.empty();
    });
  }

  private static boolean compare(Selector selector, Ipld args, Ipld value, Predicate<Integer> test) {
    Optional<BigDecimal> right = number(value);
    Optional<BigDecimal> left = selector.select(args).flatMap(Policy::number);
    return left.isPresent() && right.isPresent() && test.test(left.get().compareTo(right.get()));
  }

  private static Optional<BigDecimal> number(Ipld value) {
    return switch (value) {
      case Ipld.Int i -> Optional.of(BigDecimal.valueOf(i.value()));
      case Ipld.Real r -> Optional.of(new BigDecimal(r.value()));
      default -> Optional.empty();
    };
  }

  /** Deep equality in which an integer equals a float of the same value. */
  static boolean sameValue(Ipld a, Ipld b) {
    Optional<BigDecimal> x = number(a);
    Optional<BigDecimal> y = number(b);
    if (x.isPresent() || y.isPresent()) {
      return x.isPresent() && y.isPresent() && x.get().compareTo(y.get()) == 0;
    }
    if (a instanceof Ipld.Seq s && b instanceof Ipld.Seq t) {
      if (s.items().size() != t.items().size()) {
        return false;
      }
      for (int i = 0; i < s.items().size(); i++) {
        if (!sameValue(s.items().get(i), t.items().get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Ipld.Dict d && b instanceof Ipld.Dict e) {
      if (!d.entries().keySet().equals(e.entries().keySet())) {
        return false;
      }
      for (Map.Entry<String, Ipld> entry : d.entries().entrySet()) {
        if (!sameValue(entry.getValue(), e.entries().get(entry.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }

  /**
   * Glob matching for {@code like}: {@code *} matches any run of characters, {@code \*} a literal
   * star. The classic two-pointer wildcard match, linear in practice and never exponential, so a
   * hostile pattern cannot stall the validator.
   */
  static boolean glob(String pattern, String text) {
    List<Integer> tokens = new ArrayList<>(); // code points; -1 is a wildcard
    for (int i = 0; i < pattern.length(); ) {
      int cp = pattern.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == '\\' && i < pattern.length() && pattern.charAt(i) == '*') {
        tokens.add((int) '*');
        i++;
      } else {
        tokens.add(cp == '*' ? -1 : cp);
      }
    }
    int[] t = text.codePoints().toArray();
    int p = 0;
    int s = 0;
    int star = -1;
    int mark = 0;
    while (s < t.length) {
      if (p < tokens.size() && tokens.get(p) != -1 && tokens.get(p) == t[s]) {
        p++;
        s++;
      } else if (p < tokens.size() && tokens.get(p) == -1) {
        star = p++;
        mark = s;
      } else if (star >= 0) {
        p = star + 1;
        s = ++mark;
      } else {
        return false;
      }
    }
    while (p < tokens.size() && tokens.get(p) == -1) {
      p++;
    }
    return p == tokens.size();
  }
}
