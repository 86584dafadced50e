package dev.sandstage.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code sandstage} command line, started by the {@code ./sandstage} launcher
 * script. Each verb is a picocli subcommand in this package; {@code test} and {@code build} are
 * handled by the launcher script itself because they run Maven.
 */
@Command(
        name = "sandstage",
        mixinStandardHelpOptions = true,
        versionProvider = SandstageCli.Version.class,
        description = "The sandbox stage: policy decisions in, hardened tool execution, results and audit out.",
        subcommands = {
            DoctorCommand.class,
            PrepareCommand.class,
            ImageCommand.class,
            KafkaCommand.class,
            UpCommand.class,
            CallCommand.class,
            SubmitCommand.class,
            SignCommand.class,
            TailCommand.class,
            ToolsCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SandstageCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call it to run verbs in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new SandstageCli());
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SandstageCli.class.getPackage().getImplementationVersion();
            return new String[] {"sandstage " + (v == null ? "development build" : v)};
        }
    }
}
