package com.dbadmin.ops.health;

import java.time.Duration;
import java.util.Locale;

/** Human-readable sizes and ages for health details ("45.2 GB", "5h 3m"), the way operators read them in the runbook. */
final class HumanUnits {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};

    private HumanUnits() {
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }

    static String duration(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        if (days > 0) {
            return days + "d " + hours + "h";
        }
        if (hours > 0) {
            return hours + "h " + minutes + "m";
        }
        return minutes + "m " + seconds % 60 + "s";
    }
}
