package io.aftermath.command.precondition;

import java.util.Map;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import io.aftermath.shared.metadata.MetadataKeys;

/**
 * Puts the version a handler reported ({@link ExpectedVersions#report}) into the command's result
 * metadata, where the sender reads it: the version the aggregate reached in this very unit of work,
 * not whatever the stream holds by the time the answer leaves, which may include another's write.
 */
public class VersionReporting implements MessageHandlerInterceptor<CommandMessage<?>> {

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object result = chain.proceed();
        Object version = unitOfWork.getResource(ExpectedVersions.REPORTED);
        if (version == null) {
            return result;
        }
        Map<String, Object> metaData = Map.of(MetadataKeys.AGGREGATE_VERSION, version);
        return result instanceof ResultMessage<?> message
                ? message.andMetaData(metaData) : new GenericCommandResultMessage<>(result, metaData);
    }
}
