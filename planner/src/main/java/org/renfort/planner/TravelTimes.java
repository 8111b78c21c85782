package org.renfort.planner;

import org.renfort.kernel.HospitalId;
import org.renfort.kernel.GeoPoint;

import java.util.OptionalInt;

/** Minutes by road from where a patient is to a hospital, as the regional picture estimates them. */
@FunctionalInterface
public interface TravelTimes {
    OptionalInt minutes(GeoPoint from, HospitalId to);
}
