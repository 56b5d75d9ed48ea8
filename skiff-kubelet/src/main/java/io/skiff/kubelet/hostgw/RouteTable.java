package io.skiff.kubelet.hostgw;

import java.util.List;

/** The routes this agent made in its network namespace's main table, and nothing else. */
public interface RouteTable {

  /** The routes marked as this agent's. */
  List<NodeRoute> list();

  /** Adds the route, or changes the gateway of this agent's route to the same destination. */
  void replace(NodeRoute route);

  /** Removes the route; one that is already gone is fine. */
  void delete(NodeRoute route);
}
