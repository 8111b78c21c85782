package org.renfort.benchmarks;

import org.renfort.kernel.Acuity;
import org.renfort.kernel.BedCategory;
import org.renfort.kernel.Capability;
import org.renfort.kernel.GeoPoint;
import org.renfort.kernel.HospitalId;
import org.renfort.planner.Partner;
import org.renfort.planner.PatientGroup;
import org.renfort.planner.PlanComparison;
import org.renfort.planner.PlanRules;
import org.renfort.planner.RedistributionPlanner;
import org.renfort.planner.Substitution;
import org.renfort.planner.TravelTimes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;

/**
 * Solve time and quality of the redistribution planner on synthetic regions, in process: for
 * each size, the optimum (min-cost flow) and the greedy nearest-bed plan on the same data, the
 * median of several solves after a warm-up, the heap the solve allocated, and the gap. Writes a
 * markdown table to stdout and three SVG plots (solve time, heap, gain over greedy vs size).
 * <p>
 * A region: hospitals spread uniformly over a box (Hauts-de-France for regional sizes, France
 * for the national one), 0-8 free beds per category, a third of them with each capability;
 * patients one by one (no grouping: the hardest case) at 1 origin (one hospital evacuated) or
 * scattered over many, 20 % adult ICU, 10 % intermediate care, 50 % medicine, 20 % surgery,
 * acuity 20/40/40 %, 90 to 180 min of maximum travel; medicine may use intermediate care
 * beds at +20 min. Travel: straight-line distance x 1.3 at 70 km/h.
 */
public final class PlannerBenchmark {
    private record Size(int patients, int hospitals, int origins, boolean national) {
        String label() {
            return String.format(Locale.ROOT, "%,d x %,d (%s)", patients, hospitals, origins == 1 ? "1 origin" : origins + " origins");
        }
    }

    private record Region(List<PatientGroup> patients, List<Partner> partners, TravelTimes roads) {
    }

    private record Result(Size size, double optimalMs, double greedyMs, double planMs, long heapMb, int placedOptimal,
                          int placedGreedy, long costOptimal, long costGreedy) {
        double gapPercent() {
            return costGreedy == 0 ? 0 : 100.0 * (costGreedy - costOptimal) / costGreedy;
        }
    }

    private static final List<BedCategory> CATEGORIES = List.of(BedCategory.ADULT_ICU, BedCategory.INTERMEDIATE_CARE,
            BedCategory.MEDICINE, BedCategory.SURGERY);

    public static void main(String[] args) throws IOException {
        int repeats = Integer.getInteger("bench.repeats", 5);
        List<Size> sizes = List.of(
                new Size(500, 60, 1, false),
                new Size(2_000, 300, 200, false),
                new Size(1_000, 300, 50, false),
                new Size(5_000, 1_000, 500, true),
                new Size(10_000, 3_000, 1_000, true));
        PlanRules rules = new PlanRules(0.8, Map.of(), List.of(new Substitution(BedCategory.MEDICINE,
                BedCategory.INTERMEDIATE_CARE, 20)), true, PlanRules.defaults().acuityWeight());
        List<Result> results = new ArrayList<>();
        for (Size size : sizes) {
            Region region = region(size, 42);
            RedistributionPlanner planner = new RedistributionPlanner(rules, region.roads());
            planner.plan(region.patients(), region.partners()); // warm-up (and OR-Tools' natives)
            planner.plan(region.patients(), region.partners());
            double[] optimal = new double[repeats];
            double[] greedy = new double[repeats];
            double[] whole = new double[repeats];
            long heap = 0;
            PlanComparison last = null;
            for (int i = 0; i < repeats; i++) {
                System.gc();
                long before = usedHeap();
                long started = System.nanoTime();
                last = planner.plan(region.patients(), region.partners());
                whole[i] = (System.nanoTime() - started) / 1e6;
                heap = Math.max(heap, usedHeap() - before);
                optimal[i] = last.optimal().solveTime().toNanos() / 1e6;
                greedy[i] = last.greedy().solveTime().toNanos() / 1e6;
            }
            results.add(new Result(size, median(optimal), median(greedy), median(whole), heap >> 20,
                    last.optimal().placements().size(), last.greedy().placements().size(),
                    last.optimal().weightedMinutes(), last.greedy().weightedMinutes()));
            System.err.println("done: " + size.label());
        }
        print(results, repeats);
        plots(results);
    }

    private static Region region(Size size, long seed) {
        Random random = new Random(seed);
        double latMin = size.national() ? 42.5 : 49.9;
        double latSpan = size.national() ? 8.5 : 1.2;
        double lonMin = size.national() ? -4.5 : 1.6;
        double lonSpan = size.national() ? 12.0 : 2.6;
        List<Partner> partners = new ArrayList<>();
        Map<HospitalId, GeoPoint> where = new HashMap<>();
        for (int i = 0; i < size.hospitals(); i++) {
            HospitalId id = new HospitalId(String.format("%09d", 590_000_000 + i));
            where.put(id, new GeoPoint(latMin + random.nextDouble() * latSpan, lonMin + random.nextDouble() * lonSpan));
            Map<BedCategory, Integer> free = new HashMap<>();
            CATEGORIES.forEach(c -> free.put(c, random.nextInt(9)));
            Set<Capability> capabilities = new java.util.HashSet<>();
            for (Capability c : List.of(Capability.NEUROSURGERY, Capability.DIALYSIS, Capability.STROKE_UNIT)) {
                if (random.nextInt(3) == 0) {
                    capabilities.add(c);
                }
            }
            partners.add(new Partner(id, free, capabilities, random.nextInt(50) == 0));
        }
        List<GeoPoint> origins = new ArrayList<>();
        // The hospitals being evacuated (or crash sites): not partners, so no patient stays where it is.
        for (int i = 0; i < size.origins(); i++) {
            origins.add(new GeoPoint(latMin + random.nextDouble() * latSpan, lonMin + random.nextDouble() * lonSpan));
        }
        List<PatientGroup> patients = new ArrayList<>();
        for (int i = 0; i < size.patients(); i++) {
            int c = random.nextInt(10);
            BedCategory category = c < 2 ? BedCategory.ADULT_ICU : c < 3 ? BedCategory.INTERMEDIATE_CARE
                    : c < 8 ? BedCategory.MEDICINE : BedCategory.SURGERY;
            int a = random.nextInt(5);
            Acuity acuity = a == 0 ? Acuity.IMMEDIATE : a < 3 ? Acuity.URGENT : Acuity.PLANNED;
            Set<Capability> needs = random.nextInt(20) == 0 ? Set.of(Capability.DIALYSIS) : Set.of();
            patients.add(new PatientGroup("p" + i, origins.get(random.nextInt(origins.size())), 1, category, acuity, needs,
                    90 + random.nextInt(91), Set.of()));
        }
        TravelTimes roads = (GeoPoint from, HospitalId to) -> {
            GeoPoint at = where.get(to);
            double dLat = (at.latitude() - from.latitude()) * 111.2;
            double dLon = (at.longitude() - from.longitude()) * 111.2 * Math.cos(Math.toRadians(from.latitude()));
            double km = Math.sqrt(dLat * dLat + dLon * dLon) * 1.3;
            return OptionalInt.of((int) Math.round(km / 70 * 60));
        };
        return new Region(patients, partners, roads);
    }

    private static void print(List<Result> results, int repeats) {
        System.out.println("| patients x hospitals | optimal solve ms | greedy ms | whole plan() ms | heap MB | placed optimal / greedy | weighted minutes optimal / greedy | gap |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %d | %,d / %,d | %,d / %,d | %s |%n", r.size().label(),
                    r.optimalMs(), r.greedyMs(), r.planMs(), r.heapMb(), r.placedOptimal(), r.placedGreedy(), r.costOptimal(),
                    r.costGreedy(), r.placedOptimal() == r.placedGreedy()
                            ? String.format(Locale.ROOT, "%.1f %%", r.gapPercent())
                            : String.format(Locale.ROOT, "+%,d placed", r.placedOptimal() - r.placedGreedy()));
        }
        System.out.printf(Locale.ROOT, "median of %d solves after 2 warm-ups; machine: %d cores, Java %s%n", repeats,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
    }

    /**
     * Three small SVG plots, no library: solve time, heap, and what the optimum gains over greedy
     * (patients placed beyond it, else the share of weighted travel saved), by size. Written to
     * benchmarks/target/planner/, or to -Dbench.plots=DIR (planner/docs holds the published ones).
     */
    private static void plots(List<Result> results) throws IOException {
        Path dir = Path.of(System.getProperty("bench.plots", "benchmarks/target/planner"));
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("solve-time.svg"), bars("Optimal plan: solve time (ms, median)", results,
                results.stream().mapToDouble(Result::optimalMs).toArray(),
                results.stream().map(r -> String.format(Locale.ROOT, "%.1f ms", r.optimalMs())).toList()));
        Files.writeString(dir.resolve("heap.svg"), bars("Optimal and greedy plans: heap allocated by one plan() (MB)", results,
                results.stream().mapToDouble(Result::heapMb).toArray(),
                results.stream().map(r -> r.heapMb() + " MB").toList()));
        Files.writeString(dir.resolve("gain-over-greedy.svg"), bars(
                "Gain over greedy: patients placed beyond it, else weighted travel saved", results,
                results.stream().mapToDouble(r -> r.placedOptimal() > r.placedGreedy() ? 100 : r.gapPercent()).toArray(),
                results.stream().map(r -> r.placedOptimal() > r.placedGreedy()
                        ? String.format(Locale.ROOT, "+%,d patients placed", r.placedOptimal() - r.placedGreedy())
                        : String.format(Locale.ROOT, "%.1f %% less travel", r.gapPercent())).toList()));
        System.out.println("plots: " + dir.toAbsolutePath());
    }

    private static String bars(String title, List<Result> results, double[] lengths, List<String> texts) {
        double max = Arrays.stream(lengths).max().orElse(1);
        StringBuilder svg = new StringBuilder("<svg xmlns='http://www.w3.org/2000/svg' width='820' height='"
                + (60 + 40 * lengths.length) + "' font-family='sans-serif' font-size='13'>\n");
        svg.append("<rect width='100%' height='100%' fill='white'/>\n");
        svg.append("<text x='10' y='24' font-size='15'>").append(title).append("</text>\n");
        for (int i = 0; i < lengths.length; i++) {
            int y = 44 + 40 * i;
            double w = max <= 0 ? 0 : 400 * Math.max(0, lengths[i]) / max;
            svg.append(String.format(Locale.ROOT, "<text x='10' y='%d'>%s</text>%n", y + 18, results.get(i).size().label()));
            svg.append(String.format(Locale.ROOT, "<rect x='250' y='%d' width='%.1f' height='24' fill='#3b6ea8'/>%n", y, w));
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%d'>%s</text>%n", 256 + w, y + 18, texts.get(i)));
        }
        return svg.append("</svg>\n").toString();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
