package org.renfort.transfer.domain;

/** Texts kept in history entries and offers have a size limit: longer ones are cut. */
final class Text {
    private Text() {
    }

    static String truncate(String s, int max) {
        return s == null ? "" : s.length() <= max ? s : s.substring(0, max);
    }
}
