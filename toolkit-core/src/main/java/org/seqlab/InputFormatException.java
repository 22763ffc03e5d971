package org.seqlab;

/**
 * Malformed input data: the message always names the source (a file name or another description), the 1-based line
 * number where known, and the problem, as {@code source:line: problem}.
 */
public class InputFormatException extends SeqlabException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;
    private final String problem;

    /** @param line 1-based line number, or 0 where the problem is not tied to one line */
    public InputFormatException(String source, long line, String problem) {
        this(source, line, problem, null);
    }

    public InputFormatException(String source, long line, String problem, Throwable cause) {
        super(line > 0 ? source + ":" + line + ": " + problem : source + ": " + problem, cause);
        this.source = source;
        this.line = line;
        this.problem = problem;
    }

    /** The file or stream the bad input came from. */
    public String source() {
        return source;
    }

    /** 1-based line number, or 0 when the problem concerns the whole input. */
    public long line() {
        return line;
    }

    /** The problem alone, without source and line. */
    public String problem() {
        return problem;
    }
}
