/** Recording core/v1 Events for the controllers, in the background, as Kubernetes' event broadcaster does. */
package io.skiff.controllers.events;
