package io.aftermath.command.directory;

/** Whether a post-mortem was imported already, asked before a second import would try to create it. */
public interface PostmortemDirectory {

    boolean exists(String postmortemId);
}
