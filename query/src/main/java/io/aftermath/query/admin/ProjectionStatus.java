package io.aftermath.query.admin;

import java.util.List;

import org.springframework.lang.Nullable;

/**
 * One processor as {@code GET /api/admin/projections} shows it.
 *
 * @param position        every event before it is in the generation being written
 * @param served          every event before it is in what reads on this node see: behind position while
 *                        rebuilding, and for triage until this node's in-memory index has caught up
 * @param head            the log's head (first free position)
 * @param lag             head minus position
 * @param state           running, replaying, rebuilding, stopped or error
 * @param rebuildProgress while rebuilding, how far toward the position reads stand at (0 to 0.999: the switch is
 *                        still ahead); else 1
 * @param missingCommitAt the position the processor waits at because the log holds no commit there
 *                        while later ones exist (one deleted from the store); null while none is missing
 * @param malformedCommitAt the position of the commit the processor cannot read past because it is not
 *                        stored as the ledger writes it (changed through a MongoDB tool); null while none is
 */
public record ProjectionStatus(String name, long position, long served, long head, long lag, String state,
                               boolean rebuilding, double rebuildProgress, List<SegmentStatus> segments,
                               @Nullable Long missingCommitAt, @Nullable Long malformedCommitAt) {

    /**
     * @param local whether this node runs the segment (else its position comes from the checkpoint)
     * @param owner the node ({@code aftermath.node-id}) holding the segment's claim, the one to ask for a
     *              rebuild; null while none holds it (its last owner went away and no node took it yet)
     */
    public record SegmentStatus(int segment, long position, boolean local, boolean replaying, boolean error,
                                @Nullable String owner) {
    }
}
