package org.walkaway.cli.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed command line: option values and positional arguments, checked against the options a
 * command declares.
 *
 * <p>The grammar is the usual one: {@code --name value} or {@code --name=value} for an option with
 * a value, {@code --name} for a flag, anything else positional, and {@code --} ends the options
 * (every later word is positional). Each option may appear once. A value that is itself one of the
 * command's options ({@code --out --store}) is taken for a forgotten value, not as text; write
 * {@code --body=--store} to mean the text.
 */
public final class Arguments {
  private final Map<String, String> values;
  private final List<String> positionals;

  private Arguments(Map<String, String> values, List<String> positionals) {
    this.values = values;
    this.positionals = positionals;
  }

  /**
   * Parses {@code words} for a command that accepts {@code options} and at most
   * {@code maxPositionals} positional arguments.
   *
   * @throws UsageException naming the first problem found
   */
  public static Arguments parse(List<String> words, Collection<Option> options, int maxPositionals) {
    Map<String, Option> known = new LinkedHashMap<>();
    for (Option option : options) {
      known.put(option.name(), option);
    }
    Map<String, String> values = new LinkedHashMap<>();
    List<String> positionals = new ArrayList<>();
    boolean optionsEnded = false;
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (optionsEnded || word.equals("-") || !word.startsWith("-")) {
        positionals.add(word);
        continue;
      }
      if (word.equals("--")) {
        optionsEnded = true;
        continue;
      }
      int equals = word.indexOf('=');
      String name = equals < 0 ? word : word.substring(0, equals);
      Option option = known.get(name);
      if (option == null) {
        throw new UsageException("unknown option " + name + suggestion(name, known.keySet()));
      }
      if (values.containsKey(name)) {
        throw new UsageException(name + " is given twice; give it once");
      }
      String value;
      if (!option.takesValue()) {
        if (equals >= 0) {
          throw new UsageException(name + " is a flag and takes no value: write just " + name);
        }
        value = "";
      } else if (equals >= 0) {
        value = word.substring(equals + 1);
      } else if (i + 1 < words.size() && !known.containsKey(words.get(i + 1))) {
        value = words.get(++i);
      } else {
        throw new UsageException(name + " needs a value: " + option.usage());
      }
      values.put(name, value);
    }
    if (positionals.size() > maxPositionals) {
      String extra = positionals.get(maxPositionals);
      throw new UsageException(
          "unexpected argument '" + extra + "'"
              + (maxPositionals == 0 ? " (this command takes only options)" : ""));
    }
    return new Arguments(values, List.copyOf(positionals));
  }

  /** The value of an option with a value, if it was given. */
  public Optional<String> value(String name) {
    return Optional.ofNullable(values.get(name));
  }

  /**
   * The value of an option the command cannot do without.
   *
   * @throws UsageException if it is missing
   */
  public String required(Option option) {
    return value(option.name())
        .orElseThrow(() -> new UsageException("missing " + option.usage()));
  }

  public boolean flag(String name) {
    return values.containsKey(name);
  }

  public List<String> positionals() {
    return positionals;
  }

  /** A hint such as {@code "; did you mean --store?"} when a known name is a typo away. */
  static String suggestion(String given, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = editDistance(given, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    // A third of the name (dashes aside) may be wrong; beyond that the "suggestion" is noise.
    return best != null && bestDistance <= Math.max(1, best.replace("-", "").length() / 3)
        ? "; did you mean " + best + "?"
        : "";
  }

  /**
   * Edit distance counting a swap of two neighbours as one edit (optimal string alignment), since
   * that is the commonest typo. Names are short, so the full table is fine.
   */
  static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
