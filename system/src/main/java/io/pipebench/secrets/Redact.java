package io.pipebench.secrets;

/**
 * The one way to print a connection URL. JDBC URLs may carry credentials in their query ({@code ?password=...}) or
 * before the host ({@code user:password@}); a printed or logged URL keeps only scheme, hosts, ports and database.
 */
public final class Redact {

    private Redact() {
    }

    /** The URL without its query parameters, fragment or user-info part; null stays null. */
    public static String jdbcUrl(String url) {
        if (url == null) {
            return null;
        }
        String s = url;
        int cut = firstIndexOf(s, '?', ';', '#');
        if (cut >= 0) {
            s = s.substring(0, cut);
        }
        int authority = s.indexOf("//");
        if (authority >= 0) {
            int start = authority + 2;
            int end = s.indexOf('/', start);
            String hosts = end < 0 ? s.substring(start) : s.substring(start, end);
            int at = hosts.lastIndexOf('@');
            if (at >= 0) {
                s = s.substring(0, start) + hosts.substring(at + 1) + (end < 0 ? "" : s.substring(end));
            }
        }
        // A value printed into a log line must not be able to start another line.
        return s.chars().anyMatch(Character::isISOControl) ? s.replaceAll("\\p{Cntrl}", "?") : s;
    }

    private static int firstIndexOf(String s, char... chars) {
        int first = -1;
        for (char c : chars) {
            int i = s.indexOf(c);
            if (i >= 0 && (first < 0 || i < first)) {
                first = i;
            }
        }
        return first;
    }
}
