package org.renfort.capacity.persistence;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/** A closed hold moved out of the hot table by the data lifecycle; read only. */
@Entity
@Immutable
@Table(name = "bed_hold_archive")
public class ArchivedHoldEntity extends HoldRow {
}
