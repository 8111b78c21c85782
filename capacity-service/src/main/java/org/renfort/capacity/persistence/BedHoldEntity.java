package org.renfort.capacity.persistence;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A hold that may still count, or closed recently. */
@Entity
@Table(name = "bed_hold")
public class BedHoldEntity extends HoldRow {
}
