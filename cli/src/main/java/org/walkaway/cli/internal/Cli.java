package org.walkaway.cli.internal;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.walkaway.core.store.StoreException;

/**
 * Dispatches a command line to its {@link Command}, prints help, and turns failures into messages
 * and exit codes: 0 success, 1 invalid input or failure, 2 usage error (with a one-line hint).
 */
public final class Cli {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  private static final Option HELP = Option.flag("--help", "show this help (also -h)");

  private final Context context;
  private final Map<String, Command> commands = new LinkedHashMap<>();

  public Cli(Context context) {
    this.context = Objects.requireNonNull(context, "context");
    for (Command command :
        List.of(
            new KeygenCommand(),
            new AppendCommand(),
            new InspectCommand(),
            new VerifyCommand(),
            new LogCommand(),
            new ExportCommand(),
            new ImportCommand(),
            new ConformanceCommand(),
            new DemoCommand())) {
      commands.put(command.name(), command);
    }
  }

  /** Runs {@code args} (the words after {@code walkaway}) and returns the exit code. */
  public int run(String... args) {
    PrintStream err = context.err();
    if (args.length == 0) {
      printOverview(err);
      return USAGE;
    }
    String name = args[0];
    List<String> rest = List.of(args).subList(1, args.length);
    if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
      return help(rest);
    }
    Command command = commands.get(name);
    if (command == null) {
      List<String> names = new ArrayList<>(commands.keySet());
      names.add("help");
      err.println(
          "walkaway: unknown command '" + name + "'" + Arguments.suggestion(name, names)
              + " (run 'walkaway help' for the list)");
      return USAGE;
    }
    try {
      List<Option> options = new ArrayList<>(command.options());
      options.add(HELP);
      Arguments arguments = Arguments.parse(withLongHelp(rest), options, command.maxPositionals());
      if (arguments.flag(HELP.name())) {
        printHelp(command, context.out());
        return OK;
      }
      return command.run(arguments, context);
    } catch (UsageException e) {
      err.println("walkaway " + name + ": " + e.getMessage());
      err.println(
          "usage: walkaway " + name + " " + command.synopsis() + "   (details: walkaway help "
              + name + ")");
      return USAGE;
    } catch (CommandException | StoreException e) {
      err.println("walkaway " + name + ": " + e.getMessage());
      return FAILED;
    } catch (UncheckedIOException e) {
      err.println("walkaway " + name + ": input/output error: " + e.getCause().getMessage());
      return FAILED;
    } catch (RuntimeException e) {
      err.println("walkaway " + name + ": unexpected error, most likely a bug in walkaway: " + e);
      e.printStackTrace(err);
      return FAILED;
    }
  }

  /** {@code -h} is the short form of {@code --help}, wherever options are still being read. */
  private static List<String> withLongHelp(List<String> words) {
    List<String> result = new ArrayList<>(words.size());
    boolean optionsEnded = false;
    for (String word : words) {
      optionsEnded |= word.equals("--");
      result.add(!optionsEnded && word.equals("-h") ? HELP.name() : word);
    }
    return result;
  }

  private int help(List<String> rest) {
    if (rest.isEmpty()) {
      printOverview(context.out());
      return OK;
    }
    Command command = commands.get(rest.get(0));
    if (command == null || rest.size() > 1) {
      context.err().println(
          "walkaway help: no command '" + String.join(" ", rest) + "'"
              + Arguments.suggestion(rest.get(0), commands.keySet())
              + " (run 'walkaway help' for the list)");
      return USAGE;
    }
    printHelp(command, context.out());
    return OK;
  }

  private void printOverview(PrintStream out) {
    out.println("walkaway - keys, signed events, logs and bundles of the Walkaway protocol stack");
    out.println();
    out.println("usage: walkaway COMMAND [OPTIONS]");
    out.println();
    out.println("commands:");
    String row = "  %-" + commands.keySet().stream().mapToInt(String::length).max().orElse(0) + "s %s%n";
    for (Command command : commands.values()) {
      out.printf(row, command.name(), command.summary());
    }
    out.printf(
        row, "help", "show this overview, or one command's options: walkaway help COMMAND");
    out.println();
    out.println("Start with 'walkaway demo'. Exit codes: 0 success (valid), 1 invalid input or");
    out.println("failure, 2 usage error.");
  }

  private static void printHelp(Command command, PrintStream out) {
    out.println("usage: walkaway " + command.name() + " " + command.synopsis());
    out.println();
    out.println(command.description().strip());
    out.println();
    out.println("options:");
    List<Option> options = new ArrayList<>(command.options());
    options.add(HELP);
    int width = options.stream().mapToInt(option -> option.usage().length()).max().orElse(0);
    for (Option option : options) {
      out.printf("  %-" + width + "s  %s%n", option.usage(), option.help());
    }
  }
}
